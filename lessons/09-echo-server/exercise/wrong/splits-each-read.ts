// Mistake: splits each read on its newlines and answers every piece, so lines sent together are fine but a line cut across two reads becomes two lines.
// Rejected for: TCP delivers chunks, not lines
import { createServer, type Socket } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { closeGracefully, replier } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, replier };

export function serveLines(
  socket: Socket,
  replies: Replier = replier(socket),
): Connection {
  // A `StringDecoder` keeps characters whole; nothing keeps lines whole.
  socket.setEncoding("utf8");
  socket.on("data", (text: string) => {
    for (const line of text.split(/\r?\n/)) {
      if (line !== "") replies.answer(line);
    }
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
