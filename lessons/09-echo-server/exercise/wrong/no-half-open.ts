// Mistake: leaves `allowHalfOpen` at its default, so Node ends the connection as soon as the client half-closes, before the replies still due are out.
// Rejected for: half-close
import { createServer } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { closeGracefully, replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, replier, serveLines };

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  // Node's default: when the client's FIN arrives, our side ends too.
  const server = createServer((socket) => {
    const connection = serveLines(socket);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  return listenOn(server, options, () => closeGracefully(server, connections));
}
