// Three ways to send many chunks down a socket: ignoring backpressure,
// honouring it by hand, and letting `pipeline` honour it.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** `count` chunks of `size` bytes, each a new buffer, as a producer makes. */
export function* freshChunks(count: number, size: number): Generator<Buffer> {
  for (let i = 0; i < count; i++) yield Buffer.alloc(size, i % 251);
}

/** The most a writable held in its own buffer, sampled after every write. */
export interface SendReport {
  bytes: number;
  peakBuffered: number;
}

// #region ignoring
/** Writes every chunk at once. `write()` never refuses a chunk: when the
 * socket cannot take it, Node keeps it in memory, however many there are. */
export async function sendIgnoring(
  socket: Writable,
  chunks: Iterable<Buffer>,
): Promise<SendReport> {
  let bytes = 0;
  let peakBuffered = 0;
  for (const chunk of chunks) {
    socket.write(chunk);
    bytes += chunk.length;
    peakBuffered = Math.max(peakBuffered, socket.writableLength);
  }
  socket.end();
  await once(socket, "finish");
  return { bytes, peakBuffered };
}
// #endregion ignoring

// #region honouring
/** Writes a chunk, and when `write()` returns false, waits for `'drain'`
 * before it makes the next one. */
export async function sendHonouring(
  socket: Writable,
  chunks: Iterable<Buffer>,
): Promise<SendReport> {
  let bytes = 0;
  let peakBuffered = 0;
  for (const chunk of chunks) {
    const roomLeft = socket.write(chunk);
    bytes += chunk.length;
    peakBuffered = Math.max(peakBuffered, socket.writableLength);
    // `once` also rejects if the socket emits 'error' while we wait.
    if (!roomLeft) await once(socket, "drain");
  }
  socket.end();
  await once(socket, "finish");
  return { bytes, peakBuffered };
}
// #endregion honouring

// #region pipeline
/** The same, by `pipeline`: it pulls the next chunk only when the socket has
 * room, ends the socket at the end, and destroys both sides on an error.
 * Resolves with the number of bytes sent. */
export async function sendWithPipeline(
  socket: Writable,
  chunks: Iterable<Buffer>,
): Promise<number> {
  let bytes = 0;
  // A generator between the chunks and the socket, to count them; the
  // pipeline asks it for the next chunk only when there is room downstream.
  async function* counted(source: Iterable<Buffer>) {
    for (const chunk of source) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  await pipeline(counted(chunks), socket);
  return bytes;
}
// #endregion pipeline
