// Mistake: counts lines with one counter for the whole server, instead of one per connection.
// Rejected for: numbered per connection
import { createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { delayFor, listenOn } from "../protocol.ts";
import type { LineServer, ListenOptions } from "../protocol.ts";
import { closeGracefully, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, serveLines };

// One counter, shared by every client.
let count = 0;

export function replier(socket: Socket): Replier {
  let finishing = false;
  let queue = Promise.resolve();
  const then = (step: () => unknown): void => {
    queue = queue.then(step).then(
      () => {},
      () => {
        socket.destroy();
      },
    );
  };
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    then(() => socket.end());
  };
  const answer = (line: string): void => {
    if (finishing) return;
    if (line === "QUIT") {
      then(() => socket.writable && socket.write("BYE\n"));
      return finish();
    }
    const n = ++count;
    then(async () => {
      const ms = delayFor(line);
      if (ms > 0) await sleep(ms);
      if (socket.writable) socket.write(`${n}: ${line}\n`);
    });
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
