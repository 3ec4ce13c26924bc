// Bodies that arrive in pieces: a large body with backpressure, a slow drip,
// and an explicitly chunked body for hand-written parsers.
import type { ServerResponse } from "node:http";
import { onClose, sendHead, type Handler } from "../context.ts";
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

/** Resolves on 'drain', or on 'close' when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
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

export const drip: Handler = (ctx) => {
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
  // No Content-Length: Node sends the body with chunked transfer encoding.
  sendHead(ctx, 200, { "content-type": "text/plain; charset=utf-8" });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  let sent = 0;
  // One chunk each `interval`, the first after one interval: N chunks take
  // about N x interval.
  const timer = setInterval(() => {
    ctx.res.write(alphabetSlice(sent * size, size));
    sent++;
    if (sent === chunks) {
      clearInterval(timer);
      ctx.res.end();
    }
  }, interval);
  onClose(ctx, () => clearInterval(timer));
};

export const chunked: Handler = (ctx) => {
  const parts = intParam(
    "parts",
    ctx.query.get("parts"),
    { min: 1, max: 1000 },
    3,
  );
  const size = intParam(
    "size",
    ctx.query.get("size"),
    { min: 1, max: 65_536, unit: "bytes" },
    16,
  );
  sendHead(ctx, 200, {
    "content-type": "text/plain; charset=utf-8",
    "transfer-encoding": "chunked",
  });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  // Part i is `size` copies of the i-th letter ("aaaa", "bbbb", ...); each
  // `write` becomes one chunk on the wire.
  for (let i = 0; i < parts; i++) {
    ctx.res.write(Buffer.alloc(size, ALPHABET[i % ALPHABET.length]));
  }
  ctx.res.end();
};
