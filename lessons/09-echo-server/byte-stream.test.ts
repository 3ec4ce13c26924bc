// Each experiment counts reads for writes it knows; these pin down what the
// page says they show.
import { describe, expect, it } from "vitest";
import {
  readsOfOneWrite,
  readsOfTwoWrites,
  startSplittingEchoServer,
} from "./byte-stream.ts";
import { echo, echoOnce } from "./echo-client.ts";
import { LineDecoder } from "./framing.ts";
import { sendInPieces, showBytes } from "./in-pieces.ts";

describe("TCP as a byte stream", () => {
  it("delivers two writes made in one turn of the event loop as one read", async () => {
    expect(await readsOfTwoWrites("hello ", "world\n")).toEqual([12]);
  });

  it("delivers one write in reads no bigger than the reader's buffer", async () => {
    expect(await readsOfOneWrite(4000, 1000)).toEqual([1000, 1000, 1000, 1000]);
  });

  it("delivers a 1 MiB write in 16 or more reads of at most 64 KiB", async () => {
    const reads = await readsOfOneWrite(1024 * 1024);
    const total = reads.reduce((sum, n) => sum + n, 0);
    expect(total).toBe(1024 * 1024);
    expect(reads.length, `reads: ${reads.join(", ")}`).toBeGreaterThanOrEqual(
      16,
    );
    expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024);
  });

  it("cuts the one-read client short when the answer comes in two pieces", async () => {
    const server = await startSplittingEchoServer();
    try {
      expect(await echoOnce(server.host, server.port, "Hello World!")).toBe(
        "Hello ",
      );
      const whole = await echo(server.host, server.port, "Hello World!");
      expect(whole.toString()).toBe("Hello World!");
    } finally {
      await server.close();
    }
  });

  it("sends pieces one read at a time, so the receiver sees every cut", async () => {
    const pieces = ["ab", "c\nd", "e\n"].map((p) => Buffer.from(p));
    const decoder = new LineDecoder();
    const got = await sendInPieces(pieces, (chunk) => decoder.push(chunk));
    expect(got.reads.map((read) => read.toString())).toEqual([
      "ab",
      "c\nd",
      "e\n",
    ]);
    expect(got.messages).toEqual(["abc", "de"]);
  });

  it("shows bytes as printable text, with \\n, quotes and \\xNN escaped", () => {
    expect(showBytes(Buffer.from('a"\\\n\u00e9'))).toBe(
      '"a\\"\\\\\\n\\xc3\\xa9"',
    );
  });
});
