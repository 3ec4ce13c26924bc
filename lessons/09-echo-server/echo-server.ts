// The lesson's echo server: the asyncio tutorial's echo server on
// `node:net`, grown into a tool. Every byte that arrives goes back; many
// clients are served at once; a client's half-close is honoured; and close()
// stops accepting, lets what is queued go out, and closes every connection.
import { createServer, type AddressInfo, type Socket } from "node:net";

export interface EchoServerOptions {
  /** Interface to listen on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Connections open at once before new ones are dropped (default 1000). */
  maxConnections?: number;
  /** End a connection silent for this long (default five minutes). */
  idleTimeoutMs?: number;
  /** Told when a connection opens or closes, for a log. */
  onConnection?: (event: ConnectionEvent) => void;
}

export interface ConnectionEvent {
  kind: "open" | "close";
  /** The client's address and port, e.g. "127.0.0.1:51234". */
  peer: string;
  /** Connections open after this event. */
  open: number;
  /** Bytes this connection has echoed so far. */
  bytes: number;
}

export interface EchoStats {
  /** Connections open now. */
  open: number;
  /** The most connections open at once. */
  peak: number;
  /** Connections accepted since the start. */
  total: number;
  /** Connections dropped because `maxConnections` were open. */
  dropped: number;
  /** Bytes echoed since the start. */
  bytes: number;
}

export interface CloseReport {
  /** Connections that closed by themselves after our FIN. */
  ended: number;
  /** Connections still open after the grace period, so destroyed. */
  destroyed: number;
}

export interface EchoServer {
  host: string;
  port: number;
  stats(): EchoStats;
  /**
   * Stop accepting, echo what has been read, send FIN on every connection,
   * and destroy those whose client has not closed after `graceMs`.
   */
  close(graceMs?: number): Promise<CloseReport>;
}

const DEFAULTS = { maxConnections: 1000, idleTimeoutMs: 5 * 60_000 };

function peerOf(socket: Socket): string {
  return `${socket.remoteAddress}:${socket.remotePort}`;
}

export function startEchoServer(
  options: EchoServerOptions = {},
): Promise<EchoServer> {
  const { host = "127.0.0.1", port = 0, onConnection } = options;
  const { maxConnections, idleTimeoutMs } = { ...DEFAULTS, ...options };
  const sockets = new Set<Socket>();
  const stats = { open: 0, peak: 0, total: 0, dropped: 0, bytes: 0 };

  // #region serve
  // `allowHalfOpen`: when the client says it is done sending (its FIN), keep
  // our side open until its echo is out, instead of closing at once.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    track(socket);
    // Send each echo at once, as asyncio does: no waiting for an ACK first.
    socket.setNoDelay(true);
    // A client that resets the connection must not crash the server.
    socket.on("error", () => socket.destroy());
    // `pipe` echoes with backpressure (it stops reading while the client
    // is not reading its echo), and ends our side once the client's has
    // ended and everything is written.
    socket.pipe(socket);
  });
  // #endregion
  server.maxConnections = maxConnections;
  server.on("drop", () => stats.dropped++);

  function track(socket: Socket): void {
    const peer = peerOf(socket);
    let bytes = 0;
    sockets.add(socket);
    stats.total++;
    stats.open++;
    stats.peak = Math.max(stats.peak, stats.open);
    socket.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      stats.bytes += chunk.length;
    });
    // Silence for too long: end our side; if the client still says nothing,
    // it is gone, and the second timeout destroys the socket.
    socket.setTimeout(idleTimeoutMs);
    socket.on("timeout", () =>
      socket.writableEnded ? socket.destroy() : socket.end(),
    );
    socket.once("close", () => {
      sockets.delete(socket);
      stats.open--;
      onConnection?.({ kind: "close", peer, open: stats.open, bytes });
    });
    onConnection?.({ kind: "open", peer, open: stats.open, bytes });
  }

  // #region close
  async function close(graceMs = 2000): Promise<CloseReport> {
    const open = sockets.size;
    // 1. Stop accepting. `server.close` stops listening at once, and calls
    // back only when the last connection has closed.
    const allClosed = new Promise<void>((resolve) =>
      server.close(() => resolve()),
    );
    // 2. Finish: stop echoing, keep reading (so that the client's FIN is
    // seen; what it still sends is dropped), and end our side. `end` sends
    // what is queued first, then FIN.
    for (const socket of sockets) {
      socket.unpipe(socket);
      socket.resume();
      socket.end();
    }
    // 3. A client that has not closed its side by the deadline is cut off.
    let destroyed = 0;
    const deadline = setTimeout(() => {
      for (const socket of sockets) {
        destroyed++;
        socket.destroy();
      }
    }, graceMs);
    await allClosed;
    clearTimeout(deadline);
    return { ended: open - destroyed, destroyed };
  }
  // #endregion

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({
        host: address.address,
        port: address.port,
        stats: () => ({ ...stats }),
        close,
      });
    });
  });
}
