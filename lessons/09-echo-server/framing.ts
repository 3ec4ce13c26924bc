// Framing: turning a byte stream back into messages. TCP keeps the bytes in
// order and loses nothing, but it keeps no boundaries: one write may arrive
// in several reads, and several writes in one. The receiver has to find
// where each message ends, and the sender has to say so in the bytes.

/** A line or a frame longer than the decoder allows. */
export class FrameTooLongError extends Error {
  override name = "FrameTooLongError";
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

// #region lines
/**
 * Splits a byte stream into lines. Feed it each chunk as it arrives: it
 * returns the lines the chunk completes and keeps the unfinished rest.
 */
export class LineDecoder {
  #rest = Buffer.alloc(0);
  readonly #maxBytes: number;

  constructor(maxLineBytes = 64 * 1024) {
    this.#maxBytes = maxLineBytes;
  }

  push(chunk: Uint8Array): string[] {
    const data = Buffer.concat([this.#rest, chunk]);
    const lines: string[] = [];
    let start = 0;
    let end = data.indexOf(NEWLINE);
    while (end !== -1) {
      lines.push(decodeLine(data.subarray(start, end)));
      start = end + 1;
      end = data.indexOf(NEWLINE, start);
    }
    // A copy: the caller may reuse the chunk's memory for its next read.
    this.#rest = Buffer.from(data.subarray(start));
    if (this.#rest.length > this.#maxBytes) {
      throw new FrameTooLongError(
        `a line is over ${this.#maxBytes} bytes and has no end yet`,
      );
    }
    return lines;
  }

  /** At the end of the stream: the last line if it had no newline. */
  end(): string | null {
    const last = this.#rest.length > 0 ? decodeLine(this.#rest) : null;
    this.#rest = Buffer.alloc(0);
    return last;
  }
}

/** A whole line's bytes as text, without a `\r` before its newline. */
function decodeLine(bytes: Buffer): string {
  const cr = bytes.at(-1) === CARRIAGE_RETURN;
  // Only whole lines are decoded, so a character is never cut in two: no
  // byte of a multi-byte UTF-8 character is ever a newline.
  return bytes.toString("utf8", 0, cr ? bytes.length - 1 : bytes.length);
}
// #endregion

// #region length-prefix
const HEADER_BYTES = 4;

/** One message as a frame: its length (4 bytes, big-endian), then it. */
export function encodeFrame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** Splits a byte stream of length-prefixed frames into their payloads. */
export class FrameDecoder {
  #buffered = Buffer.alloc(0);
  readonly #maxBytes: number;

  constructor(maxFrameBytes = 1024 * 1024) {
    this.#maxBytes = maxFrameBytes;
  }

  push(chunk: Uint8Array): Buffer[] {
    let data = Buffer.concat([this.#buffered, chunk]);
    const frames: Buffer[] = [];
    while (data.length >= HEADER_BYTES) {
      const size = data.readUInt32BE(0);
      // Check the length before waiting for the body: a corrupt or hostile
      // header must not make us buffer four gigabytes.
      if (size > this.#maxBytes) {
        throw new FrameTooLongError(
          `a frame of ${size} bytes is over the limit of ${this.#maxBytes}`,
        );
      }
      if (data.length < HEADER_BYTES + size) break;
      frames.push(
        Buffer.from(data.subarray(HEADER_BYTES, HEADER_BYTES + size)),
      );
      data = data.subarray(HEADER_BYTES + size);
    }
    this.#buffered = Buffer.from(data);
    return frames;
  }

  /** Bytes of a frame not complete yet: a stream that ends here was cut. */
  get pendingBytes(): number {
    return this.#buffered.length;
  }
}
// #endregion

/** The frames of a socket (or any stream of chunks), one at a time. */
export async function* readFrames(
  chunks: AsyncIterable<Uint8Array>,
  decoder = new FrameDecoder(),
): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield* decoder.push(chunk);
}
