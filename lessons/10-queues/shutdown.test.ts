import { afterEach, describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { itemNumbers, timesRequested } from "./test-support.ts";
import { runPipeline } from "./pool.ts";
import { CountedSource } from "./source.ts";
import { doneAndInFlight } from "./when-server.ts";
import { handleWithPQueue } from "./with-p-queue.ts";

// After aborting a request on a warm pool, fetch (undici) opens a spare
// connection that never carries a request, and the server cannot tell it
// from a leak. These tests check instead that every request ended; the
// server closes the spare connection when the file ends.
const ctx = useServer({ checkConnections: false });

const WORKERS = 3;
const CAPACITY = 4;

function handle(path: string, signal: AbortSignal): Promise<string> {
  return fetchPath(ctx.server.url, path, { signal });
}

afterEach(async () => {
  await expect.poll(() => ctx.server.stats().inFlight).toBe(0);
});

describe("shutting the pool down on request", () => {
  // Item 1 is quick; every later one is slow. Once item 1 is done and the
  // server has three more in flight, the workers hold items 2, 3 and 4,
  // items 5 to 8 wait in the queue, the producer waits to put item 9, and
  // items 10 to 12 have not been read from the source.
  const quickThenSlow = (slowMs: number): string[] =>
    Array.from({ length: 12 }, (_, i) =>
      i === 0 ? "/delay/10?item=1" : `/delay/${slowMs}?item=${i + 1}`,
    );

  /** Start the pipeline, and abort `controller` at that moment. */
  async function stopWhenOneDone(
    paths: string[],
    shutdown: "signal" | "drain",
  ) {
    const controller = new AbortController();
    const source = new CountedSource(paths);
    const running = runPipeline(source, {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
      [shutdown]: controller.signal,
    });
    await expect
      .poll(() => doneAndInFlight(1, WORKERS)(ctx.server.stats()), {
        interval: 5,
      })
      .toBe(true);
    const asked = performance.now();
    controller.abort();
    const report = await running;
    return { report, ms: performance.now() - asked, unread: source.unread() };
  }

  it("cancel stops the three in hand at once and accounts for every item", async () => {
    const { report, ms, unread } = await stopWhenOneDone(
      quickThenSlow(10000),
      "signal",
    );
    expect(ms, `stopped ${Math.round(ms)} ms after the cancel`).toBeLessThan(
      2000,
    );
    expect(itemNumbers(report.handled)).toEqual(["1"]);
    expect(itemNumbers(report.cancelled).sort()).toEqual(["2", "3", "4"]);
    // Four were still queued, and the close turned the fifth away; the
    // last three were never read.
    expect(itemNumbers(report.notStarted)).toEqual(["5", "6", "7", "8", "9"]);
    expect(itemNumbers(unread)).toEqual(["10", "11", "12"]);
    expect(report.failed).toEqual([]);
    await expect
      .poll(() =>
        ctx.server
          .stats()
          .requests.map((r) => r.outcome)
          .sort(),
      )
      .toEqual(["aborted", "aborted", "aborted", "ok"]);
  });

  it("drain stops the producer and finishes what is queued, sending nothing twice", async () => {
    const { report, unread } = await stopWhenOneDone(
      quickThenSlow(400),
      "drain",
    );
    const handled = itemNumbers(report.handled).sort((a, b) => +a - +b);
    expect(handled).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(report.cancelled).toEqual([]);
    expect(itemNumbers(report.notStarted)).toEqual(["9"]);
    expect(itemNumbers(unread)).toEqual(["10", "11", "12"]);
    const seen = timesRequested(ctx.server.stats().requests);
    expect([...seen.keys()].sort((a, b) => +a - +b)).toEqual(handled);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it("a cancel before the start sends nothing, and reads only the one item the closed queue turns away", async () => {
    const paths = [1, 2, 3, 4, 5].map((i) => `/delay/10?item=${i}`);
    const source = new CountedSource(paths);
    const report = await runPipeline(source, {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
      signal: AbortSignal.abort(),
    });
    expect(report.notStarted).toEqual(paths.slice(0, 1));
    expect(source.unread()).toEqual(paths.slice(1));
    expect(ctx.server.stats().totalRequests).toBe(0);
  });
});

describe("a source that fails", () => {
  it("stops the pool and rejects when the source fails", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "/delay/10000?item=1";
      yield "/delay/10000?item=2";
      throw new Error("the source broke");
    }
    const started = performance.now();
    await expect(
      runPipeline(failing(), { capacity: CAPACITY, workers: WORKERS, handle }),
    ).rejects.toThrow("the source broke");
    const ms = performance.now() - started;
    expect(ms, `rejected after ${Math.round(ms)} ms`).toBeLessThan(5000);
  });
});

describe("cancelling p-queue", () => {
  it("aborts the running tasks, drops the waiting ones, and adds no more", async () => {
    const paths = Array.from(
      { length: 12 },
      (_, i) => `/delay/10000?item=${i}`,
    );
    const controller = new AbortController();
    const running = handleWithPQueue(paths, {
      concurrency: WORKERS,
      bound: CAPACITY,
      handle,
      signal: controller.signal,
    });
    await expect
      .poll(() => ctx.server.stats().inFlight, { interval: 5 })
      .toBe(WORKERS);
    controller.abort();
    const outcomes = await running;
    // Three were running and four waiting; the other five were never added.
    expect(outcomes.map((o) => o.status)).toEqual(Array(7).fill("rejected"));
    expect(ctx.server.stats().totalRequests).toBe(WORKERS);
  });
});
