// Mistake: chains the replies of every connection onto one promise for the whole server, so one client's SLEEP holds up every other client's replies.
// Rejected for: held up another client
import { createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { delayFor, listenOn } from "../protocol.ts";
import type { LineServer, ListenOptions } from "../protocol.ts";
import { closeGracefully, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, serveLines };

// Declared once, so shared by every connection.
let queue = Promise.resolve();

export function replier(socket: Socket): Replier {
  let count = 0;
  let finishing = false;
  const then = (step: () => unknown): void => {
    queue = queue.then(step).then(
      () => {},
      () => {
        socket.destroy();
      },
    );
  };
  const send = (text: string): void => {
    if (socket.writable) socket.write(text);
  };
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    then(() => socket.end());
  };
  const answer = (line: string): void => {
    if (finishing) return;
    if (line === "QUIT") {
      then(() => send("BYE\n"));
      return finish();
    }
    const n = ++count;
    then(async () => {
      const ms = delayFor(line);
      if (ms > 0) await sleep(ms);
      send(`${n}: ${line}\n`);
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
