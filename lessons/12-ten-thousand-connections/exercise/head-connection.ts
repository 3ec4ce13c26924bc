// A keep-alive connection that sends HEAD and waits for the end of the
// response's headers: the part of the client the exercise gives you.
import { connect } from "node:net";
import { freshScan, scanHeaders } from "../end-of-headers.ts";

export interface HeadConnection {
  /** Sends HEAD and resolves when the response's headers have ended;
   * rejects if the status is not 2xx or the connection fails or closes
   * first. One at a time. */
  head(): Promise<void>;
  /** Closes the connection at once; a head() in flight rejects. */
  close(): void;
}

/** Opens a connection to `url`'s host and port; HEAD asks for its path. */
export function openHeadConnection(url: string): Promise<HeadConnection> {
  const { hostname, port, pathname, search, host } = new URL(url);
  const request = Buffer.from(
    `HEAD ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
  );
  const socket = connect(Number(port || 80), hostname);
  const scan = freshScan();
  let waiting: { resolve: () => void; reject: (e: Error) => void } | null =
    null;
  let failure: Error | null = null;
  const fail = (error: Error): void => {
    failure ??= error;
    waiting?.reject(failure);
    waiting = null;
  };
  socket.on("data", (chunk: Buffer) => {
    scanHeaders(scan, chunk, chunk.length, (_scan, ok) => {
      const done = waiting;
      waiting = null;
      if (ok) done?.resolve();
      else done?.reject(new Error("the answer was not 2xx"));
    });
  });
  socket.on("error", fail);
  socket.on("close", () => fail(new Error("the connection closed")));
  const connection: HeadConnection = {
    head() {
      if (failure) return Promise.reject(failure);
      if (waiting) throw new Error("one head() at a time");
      return new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(request);
      });
    },
    close() {
      socket.destroy();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(connection));
    socket.once("error", reject);
  });
}
