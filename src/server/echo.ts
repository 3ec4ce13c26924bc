// The TCP echo server: every byte that arrives goes straight back.
import { createServer, type Server, type Socket } from "node:net";
import type { Stats } from "./stats.ts";

export interface EchoServer {
  server: Server;
  /** The open echo connections. */
  sockets: ReadonlySet<Socket>;
}

export function createEchoServer(stats: Stats): EchoServer {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
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
