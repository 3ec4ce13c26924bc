// Open a TCP connection and write an HTTP/1.1 GET into it, by hand.
import net from "node:net";

// #region send-get
/** Connect to the URL's host and send a GET for its path and query. */
export function sendGet(url: string): net.Socket {
  const { protocol, hostname, port, pathname, search, host } = new URL(url);
  if (protocol !== "http:") throw new TypeError(`not an http URL: ${url}`);

  // `net.connect` returns at once. The connection is made in the
  // background, and we hear about it later, in the 'connect' callback.
  const socket = net.connect({ host: hostname, port: Number(port) || 80 });
  socket.on("connect", () => {
    // A request is lines of text ending in CR LF, then an empty line.
    // `Connection: close` asks the server to close after one response.
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\n` +
        `Host: ${host}\r\n` +
        "Connection: close\r\n" +
        "\r\n",
    );
  });
  return socket;
}
// #endregion
