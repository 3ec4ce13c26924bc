// Mistake: close() tells every connection to finish and waits for them, but never stops listening, so new clients are still let in.
// Rejected for: still accepted
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { replier, serveLines };

const sockets = new WeakMap<Connection, Socket>();

export async function closeGracefully(
  _server: Server,
  connections: Iterable<Connection>,
): Promise<void> {
  const open = [...connections];
  for (const connection of open) connection.finish();
  await Promise.all(
    open.map((connection) => {
      const socket = sockets.get(connection);
      return socket && !socket.closed ? once(socket, "close") : undefined;
    }),
  );
}

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = serveLines(socket);
    sockets.set(connection, socket);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  return listenOn(server, options, () => closeGracefully(server, connections));
}
