// Mistake: close() only stops listening, and then waits for the clients to leave: an idle connection is never ended, so close() waits for ever.
// Rejected for: idle connections
import { createServer, type Server } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { replier, serveLines };

export function closeGracefully(
  server: Server,
  _connections: Iterable<Connection>,
): Promise<void> {
  // `close` stops listening and calls back once the last connection has
  // closed: when the clients please.
  return new Promise((resolve) => server.close(() => resolve()));
}

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = serveLines(socket);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  return listenOn(server, options, () => closeGracefully(server, connections));
}
