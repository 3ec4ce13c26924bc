// The decoders must give the same messages however the stream is cut: at
// every single split point, at every pair of them, one byte at a time, and
// in random pieces.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeFrame,
  FrameDecoder,
  FrameTooLongError,
  LineDecoder,
  readFrames,
} from "./framing.ts";

/** `bytes` cut at the given offsets (sorted, inside the buffer). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const edges = [0, ...at, bytes.length];
  return edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
}

function everySplit(bytes: Buffer): number[][] {
  const points = Array.from({ length: bytes.length + 1 }, (_, i) => i);
  return points.flatMap((a) => points.filter((b) => b >= a).map((b) => [a, b]));
}

function lines(pieces: Buffer[]): string[] {
  const decoder = new LineDecoder();
  const out = pieces.flatMap((piece) => decoder.push(piece));
  const last = decoder.end();
  return last === null ? out : [...out, last];
}

function frames(pieces: Buffer[]): string[] {
  const decoder = new FrameDecoder();
  const out = pieces.flatMap((piece) => decoder.push(piece));
  if (decoder.pendingBytes !== 0) throw new Error("bytes left over");
  return out.map((frame) => frame.toString("utf8"));
}

/** The cuttings (as offsets) whose result differs from `wanted`. */
function wrongCuts(
  stream: Buffer,
  decode: (pieces: Buffer[]) => string[],
  wanted: string[],
): number[][] {
  const same = (got: string[]) =>
    got.length === wanted.length && got.every((x, i) => x === wanted[i]);
  return everySplit(stream).filter((at) => !same(decode(cut(stream, at))));
}

const LINES = [
  "hello world",
  "café crème",
  "",
  "tab\there",
  "last, no newline",
];
const LINE_STREAM = Buffer.from(
  "hello world\ncafé crème\r\n\ntab\there\nlast, no newline",
);

const PAYLOADS = ["hello", "", "two\nlines", "ünïcödé", "x".repeat(300)];
const FRAME_STREAM = Buffer.concat(
  PAYLOADS.map((p) => encodeFrame(Buffer.from(p))),
);

describe("LineDecoder", () => {
  it("splits a whole stream into its lines, dropping a \\r before \\n", () => {
    expect(lines([LINE_STREAM])).toEqual(LINES);
  });

  it("gives the same lines when the stream is cut at any one point", () => {
    for (let at = 0; at <= LINE_STREAM.length; at++) {
      expect(lines(cut(LINE_STREAM, [at])), `cut at ${at}`).toEqual(LINES);
    }
  });

  it("gives the same lines when the stream is cut at any two points", () => {
    expect(wrongCuts(LINE_STREAM, lines, LINES)).toEqual([]);
  });

  it("catches, as a control, a splitter that takes each chunk for whole lines", () => {
    const perChunk = (pieces: Buffer[]) =>
      pieces.flatMap((piece) => piece.toString().split(/\r?\n/));
    const cuts = wrongCuts(LINE_STREAM, perChunk, LINES);
    expect(cuts.length).toBeGreaterThan(LINE_STREAM.length);
  });

  it("gives the same lines fed one byte at a time", () => {
    const bytes = [...LINE_STREAM].map((byte) => Buffer.of(byte));
    expect(lines(bytes)).toEqual(LINES);
  });

  it("gives the same lines for any random cutting", () => {
    const offsets = fc.uniqueArray(fc.nat(LINE_STREAM.length), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(offsets, (at) => {
        const sorted = [...at].sort((a, b) => a - b);
        expect(lines(cut(LINE_STREAM, sorted))).toEqual(LINES);
      }),
    );
  });

  it("returns no lines until a newline arrives, and the rest at the end", () => {
    const decoder = new LineDecoder();
    expect(decoder.push(Buffer.from("par"))).toEqual([]);
    expect(decoder.push(Buffer.from("tial"))).toEqual([]);
    expect(decoder.end()).toBe("partial");
    expect(decoder.end()).toBeNull();
  });

  it("keeps its own copy of an unfinished line when the chunk is reused", () => {
    const decoder = new LineDecoder();
    const shared = Buffer.from("abc");
    decoder.push(shared);
    shared.write("xyz");
    expect(decoder.push(Buffer.from("\n"))).toEqual(["abc"]);
  });

  it("refuses a line longer than its limit instead of buffering it", () => {
    const decoder = new LineDecoder(8);
    expect(decoder.push(Buffer.from("12345678\n"))).toEqual(["12345678"]);
    expect(() => decoder.push(Buffer.from("123456789"))).toThrow(
      FrameTooLongError,
    );
  });
});

describe("FrameDecoder", () => {
  it("splits a whole stream into its payloads, newlines and all", () => {
    expect(frames([FRAME_STREAM])).toEqual(PAYLOADS);
  });

  it("gives the same payloads when the stream is cut at any one point", () => {
    for (let at = 0; at <= FRAME_STREAM.length; at++) {
      expect(frames(cut(FRAME_STREAM, [at])), `cut at ${at}`).toEqual(PAYLOADS);
    }
  });

  it("gives the same payloads when the stream is cut at any two points", () => {
    expect(wrongCuts(FRAME_STREAM, frames, PAYLOADS)).toEqual([]);
  });

  it("gives the same payloads fed one byte at a time", () => {
    const bytes = [...FRAME_STREAM].map((byte) => Buffer.of(byte));
    expect(frames(bytes)).toEqual(PAYLOADS);
  });

  it("counts the bytes of a frame that is not complete yet", () => {
    const decoder = new FrameDecoder();
    expect(
      decoder.push(encodeFrame(Buffer.from("hello")).subarray(0, 6)),
    ).toEqual([]);
    expect(decoder.pendingBytes).toBe(6);
  });

  it("refuses a header announcing more than its limit, before any body", () => {
    const decoder = new FrameDecoder(100);
    const header = encodeFrame(Buffer.alloc(101)).subarray(0, 4);
    expect(() => decoder.push(header)).toThrow(/101 bytes is over the limit/);
  });

  it("reads frames from a stream of chunks with readFrames", async () => {
    async function* chunks() {
      yield* cut(FRAME_STREAM, [3, 11, 12, 40]);
    }
    const payloads: string[] = [];
    for await (const frame of readFrames(chunks())) {
      payloads.push(frame.toString("utf8"));
    }
    expect(payloads).toEqual(PAYLOADS);
  });
});
