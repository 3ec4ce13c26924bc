// Mistake: sends each reply as soon as it is ready, so a line after a SLEEP is answered before the SLEEP is.
// Rejected for: out of order
import { createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { delayFor, listenOn } from "../protocol.ts";
import type { LineServer, ListenOptions } from "../protocol.ts";
import { closeGracefully, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, serveLines };

export function replier(socket: Socket): Replier {
  let count = 0;
  let finishing = false;
  // Replies still being worked on, so that the end waits for them all.
  const pending = new Set<Promise<void>>();
  const send = (text: string): void => {
    if (socket.writable) socket.write(text);
  };
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    void Promise.all(pending).then(() => socket.end());
  };
  const answer = (line: string): void => {
    if (finishing) return;
    if (line === "QUIT") {
      send("BYE\n");
      return finish();
    }
    const n = ++count;
    // Each reply on its own: nothing makes it wait for the ones before.
    const reply = (async () => {
      const ms = delayFor(line);
      if (ms > 0) await sleep(ms);
      send(`${n}: ${line}\n`);
    })();
    pending.add(reply);
    void reply.then(() => pending.delete(reply));
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
