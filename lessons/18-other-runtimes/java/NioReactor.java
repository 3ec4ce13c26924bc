// The two requests in Java with a reactor over NIO: one thread, one
// `Selector`, two non-blocking `SocketChannel`s. The selector says when a
// channel is ready (to finish connecting, to write, to read); the loop then
// does that step and asks again. A hand-written HTTP/1.0 GET, as lesson 2.
//
// Usage: java NioReactor.java BASE_URL. Prints one JSON object: the bodies
// in the order of the paths, and the milliseconds both took.
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

public class NioReactor {
  static final String[] PATHS = {"/bar", "/foo"};

  // #region exchange
  // What one request needs between two readiness events.
  static final class Exchange {
    final ByteBuffer request;
    final ByteArrayOutputStream response = new ByteArrayOutputStream();
    boolean done;

    Exchange(String host, String path) {
      String text = "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n";
      request = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
  }
  // #endregion

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    long start = System.nanoTime();
    // #region reactor
    Selector selector = Selector.open();
    Exchange[] exchanges = new Exchange[PATHS.length];
    for (int i = 0; i < PATHS.length; i++) {
      exchanges[i] = new Exchange(base.getHost(), PATHS[i]);
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      // Non-blocking: `connect` returns at once; OP_CONNECT says when done.
      channel.connect(new InetSocketAddress(base.getHost(), base.getPort()));
      channel.register(selector, SelectionKey.OP_CONNECT, exchanges[i]);
    }
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    int open = PATHS.length;
    while (open > 0) {
      // Block until at least one channel is ready for what it waits for.
      selector.select();
      for (SelectionKey key : selector.selectedKeys()) {
        SocketChannel channel = (SocketChannel) key.channel();
        Exchange exchange = (Exchange) key.attachment();
        if (key.isConnectable() && channel.finishConnect()) {
          key.interestOps(SelectionKey.OP_WRITE);
        } else if (key.isWritable()) {
          channel.write(exchange.request);
          if (!exchange.request.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
        } else if (key.isReadable()) {
          buffer.clear();
          int n = channel.read(buffer);
          if (n > 0) {
            exchange.response.write(buffer.array(), 0, n);
          } else if (n < 0) {
            // HTTP/1.0: the server closes after the body.
            channel.close();
            exchange.done = true;
            open--;
          }
        }
      }
      selector.selectedKeys().clear();
    }
    selector.close();
    // #endregion
    double ms = (System.nanoTime() - start) / 1e6;
    StringBuilder bodies = new StringBuilder();
    for (int i = 0; i < exchanges.length; i++) {
      String text = exchanges[i].response.toString(StandardCharsets.UTF_8);
      String head = text.substring(0, text.indexOf("\r\n"));
      if (!head.split(" ")[1].equals("200")) {
        throw new IllegalStateException("GET " + PATHS[i] + ": " + head);
      }
      String body = text.substring(text.indexOf("\r\n\r\n") + 4);
      bodies.append(i == 0 ? "" : ", ").append('"').append(body).append('"');
    }
    System.out.printf(
        "{\"paths\": [\"/bar\", \"/foo\"], \"bodies\": [%s], \"ms\": %.1f}%n",
        bodies, ms);
  }
}
