import { describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { Semaphore } from "../07-semaphores-and-limits/semaphore.ts";
import { barrierPath } from "../../src/lib/observe.ts";
import { useServer } from "../../test/helpers/server.ts";
import { timesRequested } from "./test-support.ts";
import { produce, runPipeline, type PoolEvent } from "./pool.ts";
import { AsyncQueue } from "./queue.ts";
import { microtasks, nextTurn } from "./settle.ts";
import { CountedSource } from "./source.ts";

const ctx = useServer();

const WORKERS = 3;
const CAPACITY = 4;

/** `count` paths, each naming its item; the first `WORKERS` meet at a
 * barrier, so the peak cannot fall short of the pool's size by chance. */
function items(count: number, rest = (i: number) => `/delay/${(i % 4) * 10}`) {
  const barrier = barrierPath(WORKERS, 5000);
  return Array.from({ length: count }, (_, i) =>
    i < WORKERS ? `${barrier}&item=${i + 1}` : `${rest(i)}?item=${i + 1}`,
  );
}

function handle(path: string, signal: AbortSignal): Promise<string> {
  return fetchPath(ctx.server.url, path, { signal });
}

describe("a pool of 3 workers behind a queue of 4", () => {
  it("keeps exactly 3 requests in flight at the peak, and sends each of 40 items exactly once", async () => {
    const paths = items(40);
    const report = await runPipeline(paths, {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
    });
    expect(report.handled).toHaveLength(40);
    expect([...report.handled].sort()).toEqual([...paths].sort());
    const { peakInFlight } = ctx.server.stats();
    expect(peakInFlight, `peak ${peakInFlight} in flight`).toBe(WORKERS);
    const seen = timesRequested(ctx.server.stats().requests);
    expect(seen.size).toBe(40);
    expect(
      [...seen.values()].every((n) => n === 1),
      [...seen].join(),
    ).toBe(true);
  });

  it("never holds more than 4 items, and makes the producer wait for room", async () => {
    const depths: number[] = [];
    let waits = 0;
    const onEvent = (event: PoolEvent<string>): void => {
      depths.push(event.depth);
      if (event.type === "waits-for-room") waits += 1;
    };
    await runPipeline(items(20), {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
      onEvent,
    });
    expect(Math.max(...depths)).toBe(CAPACITY);
    // The first 3 go straight to the waiting workers and the next 4 fill
    // the queue: each of the other 13 puts found it full.
    expect(waits).toBe(20 - WORKERS - CAPACITY);
  });

  it("with no bound, lets the producer run ahead: every item not taken waits in the queue", async () => {
    const depths: number[] = [];
    const report = await runPipeline(items(20), {
      workers: WORKERS,
      handle,
      onEvent: (event) => depths.push(event.depth),
    });
    expect(report.handled).toHaveLength(20);
    expect(Math.max(...depths)).toBe(20 - WORKERS);
  });

  it("goes on after an item fails, and reports it", async () => {
    const paths = items(9, (i) => (i % 3 === 0 ? "/status/500" : "/delay/5"));
    const report = await runPipeline(paths, {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
    });
    expect(report.failed.map((f) => f.item)).toEqual([
      "/status/500?item=4",
      "/status/500?item=7",
    ]);
    expect(String(report.failed[0]?.error)).toMatch(/answered 500/);
    expect(report.handled).toHaveLength(7);
  });
});

describe("a producer reading its source lazily", () => {
  it("reads no further than the queue's capacity and the one item in its waiting put, however long the source", async () => {
    // A source with no end: only what the producer reads ever exists.
    let read = 0;
    async function* endless(): AsyncGenerator<number> {
      for (;;) yield ++read;
    }
    const queue = new AsyncQueue<number>(CAPACITY);
    const producing = produce(queue, endless());
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(read).toBe(CAPACITY + 1);
    expect(queue.size).toBe(CAPACITY);
    // One place freed: the held item goes in, and one more is read.
    expect(await queue.get()).toBe(1);
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(read).toBe(CAPACITY + 2);
    queue.close();
    // The close turns the held item away, and ends the source.
    expect(await producing).toEqual([CAPACITY + 2]);
    await microtasks();
    expect(read).toBe(CAPACITY + 2);
  });

  it("in a pool of 3, is never more than 5 items ahead of the workers", async () => {
    const source = new CountedSource(items(20));
    let taken = 0;
    let ahead = 0;
    const report = await runPipeline(source, {
      capacity: CAPACITY,
      workers: WORKERS,
      handle,
      onEvent: (event) => {
        if (event.type === "taken") taken += 1;
        ahead = Math.max(ahead, source.read - taken);
      },
    });
    expect(report.handled).toHaveLength(20);
    expect(ahead, `at most ${ahead} read and not taken`).toBe(CAPACITY + 1);
  });
});

describe("a pool and a semaphore", () => {
  it("both keep 3 in flight, but a semaphore's line holds every other task while the queue holds at most 4", async () => {
    const semaphore = new Semaphore(WORKERS);
    let longestLine = 0;
    await Promise.all(
      items(12).map((path) => {
        const task = semaphore.withPermit(() =>
          handle(path, new AbortController().signal),
        );
        longestLine = Math.max(longestLine, semaphore.waiting);
        return task;
      }),
    );
    expect(longestLine).toBe(12 - WORKERS);
    expect(ctx.server.stats().peakInFlight).toBe(WORKERS);

    ctx.server.resetStats();
    const queue = new AsyncQueue<string>(CAPACITY);
    let deepest = 0;
    await runPipeline(items(12), {
      queue,
      workers: WORKERS,
      handle,
      onEvent: (event) => (deepest = Math.max(deepest, event.depth)),
    });
    expect(deepest).toBe(CAPACITY);
    expect(ctx.server.stats().peakInFlight).toBe(WORKERS);
  });

  it("a loop that acquires a permit before it starts each task is held back: the line holds only the loop", async () => {
    const semaphore = new Semaphore(WORKERS);
    let longestLine = 0;
    let alive = 0;
    let mostAlive = 0;
    const tasks: Promise<unknown>[] = [];
    for (const path of items(12)) {
      const permit = semaphore.acquire();
      longestLine = Math.max(longestLine, semaphore.waiting);
      await permit;
      mostAlive = Math.max(mostAlive, ++alive);
      const task = handle(path, new AbortController().signal);
      tasks.push(task.finally(() => (alive--, semaphore.release())));
    }
    await Promise.all(tasks);
    expect(longestLine).toBe(1);
    expect(mostAlive).toBe(WORKERS);
    expect(ctx.server.stats().peakInFlight).toBe(WORKERS);
  });
});
