import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  freshChunks,
  sendHonouring,
  sendIgnoring,
  sendWithPipeline,
} from "./send.ts";
import { startSlowReader, type SlowReader } from "./slow-reader.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;

let reader: SlowReader;
beforeAll(async () => {
  reader = await startSlowReader({ bytesPerSecond: 64 * MiB });
});
afterAll(() => reader.close());

async function socketToReader(): Promise<Socket> {
  const socket = connect(reader.port, "127.0.0.1");
  await once(socket, "connect");
  return socket;
}

/** Fresh chunks that note, each time one is taken, how many bytes were made
 * but not yet read by the reader: buffered on the way, anywhere. */
function countedChunks(count: number, madeAhead: number[]) {
  const readBefore = reader.received();
  return (function* () {
    let made = 0;
    for (const chunk of freshChunks(count, CHUNK)) {
      made += chunk.length;
      madeAhead.push(made - (reader.received() - readBefore));
      yield chunk;
    }
  })();
}

describe("sending 8 MiB to a reader that takes 64 MiB/s", () => {
  test("honouring backpressure keeps Node's buffer within the water mark plus one chunk", async () => {
    const socket = await socketToReader();
    const ended = reader.nextEnd();
    const report = await sendHonouring(socket, freshChunks(128, CHUNK));
    const bound = socket.writableHighWaterMark + CHUNK;
    expect(report.peakBuffered, `peak ${report.peakBuffered}`).toBeLessThan(
      bound,
    );
    expect(await ended).toBe(8 * MiB);
    expect(report.bytes).toBe(8 * MiB);
  });

  test("ignoring it lets Node's buffer grow to megabytes", async () => {
    const socket = await socketToReader();
    const ended = reader.nextEnd();
    const report = await sendIgnoring(socket, freshChunks(128, CHUNK));
    // The kernel takes a few MiB at once; the rest waits in Node's buffer.
    expect(report.peakBuffered, `peak ${report.peakBuffered}`).toBeGreaterThan(
      16 * socket.writableHighWaterMark,
    );
    expect(await ended).toBe(8 * MiB);
  });
});

describe("sending 32 MiB: how far the producer runs ahead of the reader", () => {
  test("pipeline() makes chunks only as the reader takes them", async () => {
    const socket = await socketToReader();
    const ended = reader.nextEnd();
    const ahead: number[] = [];
    const bytes = await sendWithPipeline(socket, countedChunks(512, ahead));
    expect(bytes).toBe(32 * MiB);
    expect(await ended).toBe(32 * MiB);
    // The kernel's buffers and Readable.from's 16 chunks, not the data.
    const most = Math.max(...ahead);
    expect(most, `ran ${most} bytes ahead`).toBeLessThan(12 * MiB);
  });

  test("ignoring backpressure makes all of it before the reader has much", async () => {
    const socket = await socketToReader();
    const ended = reader.nextEnd();
    const ahead: number[] = [];
    await sendIgnoring(socket, countedChunks(512, ahead));
    await ended;
    const most = Math.max(...ahead);
    expect(most, `ran ${most} bytes ahead`).toBeGreaterThan(24 * MiB);
  });
});
