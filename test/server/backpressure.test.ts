// A client that asks for a large body and stops reading: the server must
// wait for 'drain' instead of buffering the rest. Its sockets' write
// buffers stay near the high-water mark (64 KiB) plus one chunk; ignoring
// backpressure, they would hold the whole body. (For /stats, whose body is
// a few MB at most and fits in the kernel's loopback buffers, see
// memory.test.ts: it measures the server in a child process.)
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { nonReaders } from "./clients.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();
const KiB = 1024;
let sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets) socket.destroy();
  sockets = [];
});

async function stopReading(path: string, count = 1): Promise<void> {
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
  sockets = await nonReaders(ctx.server.port, request, count);
}

/**
 * Once the kernel's buffers are full, the server's start to fill (or, for a
 * body small enough to fit in the kernel's, the response is all handed over
 * and finishes).
 */
function serverBuffering(): Promise<unknown> {
  return waitFor(
    "the server to buffer for the reader that stopped",
    () => ({
      buffered: ctx.server.bufferedBytes(),
      finished: ctx.server.stats().requests[0]?.finishedAt ?? null,
    }),
    ({ buffered, finished }) => buffered > 0 || finished !== null,
    5000,
  );
}

/** The most the server buffers over `ms` of watching. */
async function mostBufferedOver(ms: number): Promise<number> {
  let most = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    most = Math.max(most, ctx.server.bufferedBytes());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return most;
}

describe("a client that stops reading", () => {
  it.each([
    ["/chunked?parts=1000&size=65536", 64 * KiB],
    ["/bytes/67108864", 64 * KiB],
    ["/drip?chunks=1000&interval=0&size=65536", 64 * KiB],
  ])(
    "leaves %s buffering about one socket buffer, not the body",
    async (path, chunk) => {
      await stopReading(path);
      await serverBuffering();
      const most = await mostBufferedOver(300);
      // High-water mark plus the chunk that crossed it.
      const bound = 64 * KiB + chunk;
      expect(
        most,
        `buffered ${most} bytes (bound ${bound})`,
      ).toBeLessThanOrEqual(bound);
      const [record] = ctx.server.stats().requests;
      expect(record?.finishedAt).toBeNull();
    },
  );

  it("leaves /echo of a 1 MiB body of control characters (6 MiB of JSON) buffering a little", async () => {
    const body = "\u0001".repeat(1024 * 1024);
    const request =
      "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `Content-Length: ${body.length}\r\n\r\n${body}`;
    sockets = await nonReaders(ctx.server.port, request, 1);
    await serverBuffering();
    const most = await mostBufferedOver(300);
    expect(most, `buffered ${most} bytes`).toBeLessThanOrEqual(
      64 * KiB + 96 * KiB,
    );
  });
});
