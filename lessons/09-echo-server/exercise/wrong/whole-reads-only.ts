// Mistake: keeps a buffer, but looks for lines only when a read ends with a newline, so a whole line that came with the start of the next one waits for more input.
// Rejected for: as soon as its newline arrives
import { createServer, type Socket } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { closeGracefully, replier } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, replier };

/** The lines of `bytes`, without a `\r` at their end. */
function linesOf(bytes: Buffer): string[] {
  return bytes
    .toString("utf8")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""));
}

export function serveLines(
  socket: Socket,
  replies: Replier = replier(socket),
): Connection {
  let buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    // The buffer is all whole lines only when it ends with a newline.
    if (buffered.at(-1) !== 0x0a) return;
    const lines = linesOf(buffered).slice(0, -1);
    buffered = Buffer.alloc(0);
    for (const line of lines) replies.answer(line);
  });
  socket.on("end", () => {
    if (buffered.length > 0) {
      for (const line of linesOf(buffered)) {
        if (line !== "") replies.answer(line);
      }
    }
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
