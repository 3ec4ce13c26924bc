// Mistake: answers each chunk that arrives as if it were one line, so lines sent together, or cut in pieces, get the wrong replies.
// Rejected for: 3 lines in one write
import { createServer, type Socket } from "node:net";
import { closeGracefully, replier, type Connection } from "../solution.ts";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";

export type { Connection, LineServer, ListenOptions };
export { closeGracefully, replier };

export function serveLines(socket: Socket): Connection {
  const replies = replier(socket);
  // One 'data' event, one line: true on a quiet loopback, most of the time.
  socket.on("data", (chunk: Buffer) => {
    replies.answer(chunk.toString("utf8").replace(/\r?\n$/, ""));
  });
  socket.on("end", () => replies.finish());
  socket.on("error", () => socket.destroy());
  return replies;
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
