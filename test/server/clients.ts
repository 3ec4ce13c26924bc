// Clients that misbehave on purpose, over raw sockets: ones that fill the
// server's log with long targets, and ones that ask and never read.
import { once } from "node:events";
import { connect, type Socket } from "node:net";

/** A socket once connected (rejects on a connection error). */
export function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Resolves when the socket has closed (either side, any reason). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    socket.once("close", () => resolve());
  });
}

/**
 * Send `count` requests for `target`, pipelined over `sockets` connections
 * (the last on each asks to close), reading and dropping the answers;
 * resolves once every connection has closed, and rejects if one closes
 * before all its requests are written.
 */
export async function pipelined(
  port: number,
  target: string,
  count: number,
  sockets = 8,
): Promise<void> {
  const request = `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
  const last =
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    "Connection: close\r\n\r\n";
  await Promise.all(
    Array.from({ length: sockets }, async (_, s) => {
      const socket = await connected(port);
      socket.on("error", () => {});
      socket.resume();
      const done = closed(socket);
      const mine = Math.floor(count / sockets) + (s < count % sockets ? 1 : 0);
      for (let i = 1; i <= mine; i++) {
        if (!socket.write(i === mine ? last : request)) {
          await Promise.race([once(socket, "drain"), done]);
        }
        if (socket.closed) {
          throw new Error(
            `the server closed a connection after ${i} of ${mine} requests`,
          );
        }
      }
      await done;
    }),
  );
}

/** `count` connections that each send `request` and never read a byte. */
export async function nonReaders(
  port: number,
  request: string,
  count: number,
): Promise<Socket[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const socket = await connected(port);
      socket.on("error", () => {});
      socket.pause();
      socket.write(request);
      return socket;
    }),
  );
}
