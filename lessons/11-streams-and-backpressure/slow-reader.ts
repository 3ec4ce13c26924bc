// A TCP server that reads each connection at a fixed rate (`readAtRate`):
// the slow reader that the senders of this lesson write to.
import { once } from "node:events";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { readAtRate } from "./read-at-rate.ts";

export interface SlowReader {
  port: number;
  /** Bytes read so far, over every connection. */
  received: () => number;
  /** Resolves with the bytes of the next connection once its sender ends. */
  nextEnd: () => Promise<number>;
  close: () => Promise<void>;
}

export interface SlowReaderOptions {
  /** How fast to read, in bytes per second. */
  bytesPerSecond: number;
  /** Stop reading (and close) after this many bytes of a connection. */
  hangUpAfter?: number;
}

export async function startSlowReader(
  options: SlowReaderOptions,
): Promise<SlowReader> {
  let received = 0;
  const ends: ((bytes: number) => void)[] = [];
  const endings: Promise<number>[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let mine = 0;
    const count = (bytes: number): void => {
      received += bytes;
      mine += bytes;
      if (options.hangUpAfter !== undefined && mine >= options.hangUpAfter) {
        socket.destroy();
      }
    };
    const ended = readAtRate(socket, options.bytesPerSecond, count).catch(
      () => mine,
    );
    const resolve = ends.shift();
    if (resolve) void ended.then(resolve);
    else endings.push(ended);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    nextEnd: () =>
      endings.shift() ?? new Promise((resolve) => ends.push(resolve)),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
