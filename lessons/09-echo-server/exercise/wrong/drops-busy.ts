// Mistake: close() destroys every connection at once, so a reply still being worked on (a SLEEP) is lost.
// Rejected for: in progress when close() was called
import { createServer, type Server, type Socket } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { replier, serveLines };

export function closeGracefully(
  server: Server,
  sockets: Iterable<Socket>,
): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Quick and tidy: nothing is left open. Nothing is left finished either.
    for (const socket of sockets) socket.destroy();
  });
}

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    serveLines(socket);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return listenOn(server, options, () => closeGracefully(server, sockets));
}
