// Mistake: SLEEP waits by blocking the thread (`Atomics.wait`, like Python's `time.sleep`): its replies are in order and on time, but no other client is served meanwhile.
// Rejected for: blocks the thread
import { createServer, type Socket } from "node:net";
import { delayFor, listenOn } from "../protocol.ts";
import type { LineServer, ListenOptions } from "../protocol.ts";
import { closeGracefully, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, serveLines };

// `Atomics.wait` on a value that never changes: a sleep of the whole thread.
const never = new Int32Array(new SharedArrayBuffer(4));

export function replier(socket: Socket): Replier {
  let count = 0;
  let finishing = false;
  const send = (text: string): void => {
    if (socket.writable) socket.write(text);
  };
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    socket.end();
  };
  const answer = (line: string): void => {
    if (finishing) return;
    if (line === "QUIT") {
      send("BYE\n");
      return finish();
    }
    const n = ++count;
    // Nothing runs until the wait is over, so the order is kept.
    const ms = delayFor(line);
    if (ms > 0) Atomics.wait(never, 0, 0, ms);
    send(`${n}: ${line}\n`);
  };
  return { answer, finish };
}

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = serveLines(socket, replier(socket));
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  return listenOn(server, options, () => closeGracefully(server, connections));
}
