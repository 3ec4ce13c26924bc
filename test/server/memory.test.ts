// The crash this guards against: a log full of 16 KB request targets and 32
// clients that ask for /stats and never read drove the server's heap past
// any limit (each /stats body was 163 MB), taking HTTP and echo down. Here
// the server runs in a child with a 64 MB heap: it must come through, hold
// little for the clients that do not read, drop them, and still answer.
import { afterEach, describe, expect, it } from "vitest";
import { LOG_BYTES, LOG_LIMIT, TARGET_LIMIT } from "../../src/server/stats.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { mb, startChild, type ChildServer } from "./child.ts";
import { nonReaders, pipelined } from "./clients.ts";

const HEAP_MB = 64;
const STALL_MS = 1000;
const READERS = 32;
const MiB = 1024 * 1024;

let child: ChildServer | undefined;
afterEach(async () => {
  await child?.stop();
  child = undefined;
});

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) {
      const last = JSON.stringify(value);
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms; last: ${last}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a log of long targets and clients that never read /stats", () => {
  it("leave the server alive in a 64 MB heap, holding little, and it answers after", async () => {
    child = await startChild({
      nodeFlags: [`--max-old-space-size=${HEAP_MB}`, "--expose-gc"],
      server: { stallTimeoutMs: STALL_MS },
    });
    const server = child;
    // 10,000 requests whose targets are 16,000 characters (about all that
    // Node's 16 KiB header limit lets through).
    const target = `/status/200?pad=${"a".repeat(16_000 - 16)}`;
    await pipelined(server.port, target, LOG_LIMIT);
    expect(server.exited(), server.stderr()).toBeUndefined();

    const accepted = (await server.memory()).sockets.httpAccepted;
    const sockets = await nonReaders(
      server.port,
      `GET /stats HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
      READERS,
    );
    try {
      // Each answer either fits in the kernel's buffers (and the server is
      // done with it) or stalls, and the server drops the reader once it has
      // stayed stalled for STALL_MS: either way every one of them is gone
      // from the server soon, with little held meanwhile.
      await until(
        "the server to be done with every reader that never reads",
        () => server.memory(),
        ({ sockets }) =>
          sockets.httpAccepted >= accepted + READERS && sockets.http === 0,
        // A loaded CI machine was seen still busy with 9 of them after 9 s.
        STALL_MS + 25_000,
      );
      const { peak, baseline, bufferedNow } = await server.memory();
      const live = await server.liveHeap();
      const figures =
        `peak heap ${mb(peak.heapUsed)} (at start ${mb(baseline.heapUsed)}), ` +
        `live heap now ${mb(live.now)} (at start ${mb(live.start)}), ` +
        `peak RSS ${mb(peak.rss)} (at start ${mb(baseline.rss)}), ` +
        `peak socket buffers ${mb(peak.bufferedBytes)}`;
      console.info(`/stats probe: ${figures}`);
      // Alive in a 64 MB heap, where the old server needed 170 MB for the
      // log alone. The sampled peak heap counts garbage too, and when the
      // collector runs decides it (33 to 62.6 MB have been seen), so it is
      // printed, not bounded; what the server keeps is bounded: after a full
      // collection, the log (LOG_BYTES by its own estimate) and little else.
      expect(server.exited(), server.stderr()).toBeUndefined();
      expect(bufferedNow).toBe(0);
      expect(live.now - live.start, figures).toBeLessThan(3 * LOG_BYTES);
      expect(peak.rss - baseline.rss, figures).toBeLessThan(200 * MiB);
      // Each reader costs one socket buffer (64 KiB) and one batch of JSON.
      expect(peak.bufferedBytes, figures).toBeLessThan(READERS * 128 * 1024);
    } finally {
      for (const socket of sockets) socket.destroy();
    }

    const response = await fetch(`${server.url}/stats?limit=3`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as ServerStats;
    expect(page.totalRequests).toBe(LOG_LIMIT);
    expect(page.requests).toHaveLength(3);
    // The log is bounded by bytes: fewer records than LOG_LIMIT fit, the
    // rest are counted as dropped, and each target is cut with a marker.
    expect(page.droppedRecords).toBeGreaterThan(0);
    expect(page.requests[0]!.id).toBe(page.droppedRecords + 1);
    expect(page.requests[0]!.path).toBe(
      `${target.slice(0, TARGET_LIMIT)} [+${target.length - TARGET_LIMIT} chars]`,
    );
  }, 60_000);
});
