// Mistake: buffers lines as text, decoding each chunk on its own, so a character whose bytes are split between two chunks is garbled.
// Rejected for: decoded apart
import { createServer, type Socket } from "node:net";
import { closeGracefully, replier, type Connection } from "../solution.ts";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";

export type { Connection, LineServer, ListenOptions };
export { closeGracefully, replier };

export function serveLines(socket: Socket): Connection {
  const replies = replier(socket);
  let buffered = "";
  socket.on("data", (chunk: Buffer) => {
    // `toString` on a chunk that ends in the middle of a character turns
    // its first bytes into U+FFFD, and the rest into another one.
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) replies.answer(line.replace(/\r$/, ""));
  });
  socket.on("end", () => {
    if (buffered !== "") replies.answer(buffered);
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
