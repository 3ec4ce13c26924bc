// Nagle's algorithm and the write-write-read stall. A client sends each
// request as two small writes (a length header, then the body) and waits for
// the answer. With Nagle on, the kernel holds the second write back until
// the first is acknowledged; the server, which has nothing to say until the
// body arrives, delays that acknowledgement. Each round waits for a timer.
import type { Socket } from "node:net";
import { connectTo } from "./echo-client.ts";
import { encodeFrame, FrameDecoder, readFrames } from "./framing.ts";
import { startTcpServer, type TcpServer } from "./tcp-server.ts";

// #region frame-server
/** A server that answers every whole length-prefixed frame with "ok". */
export function startFrameServer(): Promise<TcpServer> {
  return startTcpServer((socket) => {
    // The answer goes out at once: the stall below is the client's alone.
    socket.setNoDelay(true);
    const frames = new FrameDecoder();
    socket.on("data", (chunk: Buffer) => {
      for (const _ of frames.push(chunk)) socket.write(encodeFrame(OK));
    });
  });
}
// #endregion

const OK = Buffer.from("ok");

export interface RoundsOptions {
  /** Call `setNoDelay(noDelay)`; leave it out to keep Node's default. */
  noDelay?: boolean;
  /** Send header and body in one write instead of two. */
  oneWrite?: boolean;
  /** Two writes, but corked: `uncork` hands both to the kernel at once. */
  cork?: boolean;
  rounds: number;
}

// #region rounds
/** Request-answer rounds on one connection; how long each one took. */
export async function timeRounds(
  server: { host: string; port: number },
  { noDelay, oneWrite = false, cork = false, rounds }: RoundsOptions,
): Promise<number[]> {
  const socket = await connectTo(server.host, server.port);
  if (noDelay !== undefined) socket.setNoDelay(noDelay);
  const answers = readFrames(socket);
  const times: number[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const frame = encodeFrame(Buffer.from(`request ${round}`));
      const started = performance.now();
      if (oneWrite) socket.write(frame);
      else {
        // Write, write, read: the header, then the body, then wait.
        if (cork) socket.cork();
        socket.write(frame.subarray(0, 4));
        socket.write(frame.subarray(4));
        if (cork) socket.uncork();
      }
      await answers.next();
      times.push(performance.now() - started);
    }
  } finally {
    await closeReader(answers, socket);
  }
  return times;
}
// #endregion

/** Ends the frame reader, which destroys the socket it reads. */
async function closeReader(
  reader: AsyncGenerator<Buffer>,
  socket: Socket,
): Promise<void> {
  await reader.return(undefined);
  socket.destroy();
}

/** The median of some numbers (the mean of the middle two if even). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
