// Mistake: close() stops listening and tells every connection to finish, but resolves at once, while replies are still being worked on and connections are open.
// Rejected for: before its connections had closed
import { createServer, type Server } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { replier, serveLines };

export function closeGracefully(
  server: Server,
  connections: Iterable<Connection>,
): Promise<void> {
  server.close();
  for (const connection of connections) connection.finish();
  return Promise.resolve();
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
