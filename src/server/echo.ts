// The TCP echo server: every byte that arrives goes straight back.
import { createServer, type Server, type Socket } from "node:net";
import type { Stats } from "./stats.ts";

export interface EchoServer {
  server: Server;
  /** The open echo connections. */
  sockets: ReadonlySet<Socket>;
}

export function createEchoServer(stats: Stats, idleMs: number): EchoServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    // No byte either way for `idleMs`: close. (A client that stops reading
    // stops the echo too, by backpressure, so it goes quiet as well.)
    socket.setTimeout(idleMs, () => socket.destroy());
    stats.echoOpened();
    socket.once("close", () => {
      sockets.delete(socket);
      stats.echoClosed();
    });
    // A client resetting the connection is normal for an echo server; it
    // must not crash the process.
    socket.on("error", () => socket.destroy());
    // `pipe` respects backpressure and ends our side when the client ends.
    socket.pipe(socket);
  });
  return { server, sockets };
}
