// Mistake: keeps its side open after the client's FIN, but never handles 'end': the last line, sent without a newline, gets no reply, and the connection is never closed.
// Rejected for: at the end of the stream, it is a line too
import { createServer, type Socket } from "node:net";
import { LineDecoder } from "../../framing.ts";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { closeGracefully, replier } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, replier };

export function serveLines(
  socket: Socket,
  replies: Replier = replier(socket),
): Connection {
  const lines = new LineDecoder();
  socket.on("data", (chunk: Buffer) => {
    for (const line of lines.push(chunk)) replies.answer(line);
  });
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
