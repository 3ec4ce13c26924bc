// Mistake: turns `allowHalfOpen` on, but ends its side as soon as the client's FIN arrives, instead of after the replies still due (a SLEEP, the last line).
// Rejected for: closed without sending the 2 replies still due
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
  socket.on("end", () => {
    const last = lines.end();
    if (last !== null) replies.answer(last);
    // The client is done, so we are too: but its replies are not out yet.
    socket.end();
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
