// TCP is a byte stream: the reads on one side need not line up with the
// writes on the other. Each experiment here counts the reads a receiver
// gets for writes it knows, on real loopback sockets.
import { createConnection, type Socket } from "node:net";
import { connectTo } from "./echo-client.ts";
import { startTcpServer } from "./tcp-server.ts";

/** Resolves with `reads` once `total` bytes have been counted into it. */
function countReads(
  socket: Socket,
  total: number,
  reads: number[],
): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      reads.push(chunk.length);
      received += chunk.length;
      if (received >= total) resolve();
    });
  });
}

// #region two-writes
/** Two writes, one straight after the other: the sizes of the reads. */
export async function readsOfTwoWrites(
  first: string,
  second: string,
): Promise<number[]> {
  const total = Buffer.byteLength(first) + Buffer.byteLength(second);
  const reads: number[] = [];
  let accepted!: (socket: Socket) => void;
  const connection = new Promise<Socket>((resolve) => (accepted = resolve));
  const server = await startTcpServer((socket) => accepted(socket));
  const client = await connectTo(server.host, server.port);
  try {
    // No Nagle: each write leaves at once, as a packet of its own. Both are
    // in the server's receive buffer before its event loop reads.
    client.setNoDelay(true);
    client.write(first);
    client.write(second);
    await countReads(await connection, total, reads);
  } finally {
    client.destroy();
    await server.close();
  }
  return reads;
}
// #endregion

// #region one-write
/**
 * One write of `size` bytes: the sizes of the reads at the other end. With
 * `readBufferBytes`, the reader reads into a buffer of that size (the
 * `onread` option) instead of Node's own.
 */
export async function readsOfOneWrite(
  size: number,
  readBufferBytes?: number,
): Promise<number[]> {
  const server = await startTcpServer((socket) => {
    socket.end(Buffer.alloc(size, "x"));
  });
  const reads: number[] = [];
  const client = createConnection({
    host: server.host,
    port: server.port,
    ...(readBufferBytes !== undefined && {
      onread: {
        buffer: Buffer.alloc(readBufferBytes),
        // Returning false would pause the socket.
        callback: (bytes: number) => {
          reads.push(bytes);
          return true;
        },
      },
    }),
  });
  if (readBufferBytes === undefined) {
    client.on("data", (chunk: Buffer) => reads.push(chunk.length));
  }
  try {
    await new Promise((resolve, reject) => {
      client.once("close", resolve);
      client.once("error", reject);
    });
  } finally {
    await server.close();
  }
  return reads;
}
// #endregion

// #region split-reply
/**
 * An echo server that answers in two pieces: the first half of what it got
 * at once, the rest only when the client has half-closed. The pieces can
 * then never arrive together, as on a slow or lossy network.
 */
export function startSplittingEchoServer() {
  return startTcpServer(
    (socket) => {
      let rest: Buffer = Buffer.alloc(0);
      socket.once("data", (chunk: Buffer) => {
        const half = Math.ceil(chunk.length / 2);
        socket.write(chunk.subarray(0, half));
        rest = chunk.subarray(half);
      });
      socket.on("end", () => socket.end(rest));
    },
    { allowHalfOpen: true },
  );
}
// #endregion
