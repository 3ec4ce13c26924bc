// Mistake: keeps every byte until the client half-closes, then answers all the lines at once, so a client that waits for a reply before it goes on gets none.
// Rejected for: no reply within
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
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  // Only at the end is the input complete: then every line is answered.
  socket.on("end", () => {
    const lines = new LineDecoder();
    for (const line of lines.push(Buffer.concat(chunks))) replies.answer(line);
    const last = lines.end();
    if (last !== null) replies.answer(last);
    replies.finish();
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
