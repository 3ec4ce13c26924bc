// Bodies that arrive in pieces: a large body, a slow drip, and an explicitly
// chunked body for hand-written parsers. Each one honours backpressure:
// when `write` returns false it waits for 'drain', so a client that stops
// reading costs the server one socket buffer, not the rest of the body.
import {
  drained,
  pause,
  sendHead,
  writeBody,
  type Handler,
} from "../context.ts";
import { intParam } from "../params.ts";

const MiB = 1024 * 1024;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz";
const MAX_CHUNK = MiB;

// The body of `/bytes/:n` is "abc...xyzabc..." from its first byte. One buffer
// long enough that a chunk starting at any letter is a slice of it: no copy
// per chunk.
const PATTERN = Buffer.from(
  ALPHABET.repeat(Math.ceil(MAX_CHUNK / ALPHABET.length) + 1),
);

/** The bytes of the repeating alphabet from `offset`, `length` long. */
function alphabetSlice(offset: number, length: number): Buffer {
  const start = offset % ALPHABET.length;
  return PATTERN.subarray(start, start + length);
}

export const bytes: Handler = async (ctx) => {
  const total = intParam("n", ctx.param, {
    min: 0,
    max: 64 * MiB,
    unit: "bytes",
  });
  const chunk = intParam(
    "chunk",
    ctx.query.get("chunk"),
    { min: 1, max: MAX_CHUNK, unit: "bytes" },
    64 * 1024,
  );
  sendHead(ctx, 200, {
    "content-type": "application/octet-stream",
    "content-length": total,
  });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  let sent = 0;
  while (sent < total && !ctx.res.destroyed) {
    const length = Math.min(chunk, total - sent);
    const flowing = ctx.res.write(alphabetSlice(sent, length));
    sent += length;
    // Respect backpressure: a slow reader makes us wait instead of buffering
    // the whole body in memory.
    if (!flowing) await drained(ctx.res);
  }
  if (!ctx.res.destroyed) ctx.res.end();
};

export const drip: Handler = async (ctx) => {
  const chunks = intParam(
    "chunks",
    ctx.query.get("chunks"),
    { min: 1, max: 1000 },
    10,
  );
  const interval = intParam(
    "interval",
    ctx.query.get("interval"),
    { min: 0, max: 10_000, unit: "ms" },
    100,
  );
  const size = intParam(
    "size",
    ctx.query.get("size"),
    { min: 1, max: 65_536, unit: "bytes" },
    1,
  );
  // Chunked, said outright so that HEAD gets the same framing header.
  sendHead(ctx, 200, {
    "content-type": "text/plain; charset=utf-8",
    "transfer-encoding": "chunked",
  });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  // One chunk each `interval`, the first after one interval: N chunks take
  // about N x interval. A reader that falls behind delays the next chunk
  // until its buffer has drained.
  for (let sent = 0; sent < chunks; sent++) {
    await pause(ctx, interval);
    if (ctx.res.destroyed) return;
    if (!ctx.res.write(alphabetSlice(sent * size, size))) {
      await drained(ctx.res);
    }
  }
  if (!ctx.res.destroyed) ctx.res.end();
};

export const chunked: Handler = async (ctx) => {
  const parts = intParam(
    "parts",
    ctx.query.get("parts"),
    { min: 1, max: 1000 },
    3,
  );
  const size = intParam(
    "size",
    ctx.query.get("size"),
    { min: 1, max: MAX_PART, unit: "bytes" },
    16,
  );
  sendHead(ctx, 200, {
    "content-type": "text/plain; charset=utf-8",
    "transfer-encoding": "chunked",
  });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  // Part i is `size` copies of the i-th letter ("aaaa", "bbbb", ...); each
  // `write` becomes one chunk on the wire.
  await writeBody(ctx.res, letterParts(parts, size));
};

// One buffer per letter, as long as the largest part, made on first use:
// each part is a slice of one, so a part sent costs no copy.
const MAX_PART = 65_536;
const LETTERS = new Map<string, Buffer>();

function letters(letter: string, size: number): Buffer {
  let buffer = LETTERS.get(letter);
  if (buffer === undefined) {
    buffer = Buffer.alloc(MAX_PART, letter);
    LETTERS.set(letter, buffer);
  }
  return buffer.subarray(0, size);
}

/** The parts of `/chunked`, in order. */
function* letterParts(parts: number, size: number): Generator<Buffer> {
  for (let i = 0; i < parts; i++) {
    yield letters(ALPHABET[i % ALPHABET.length]!, size);
  }
}
