// Two workers add to one counter in shared memory at the same moment. Plain
// `counter[0]++` loses updates; `Atomics.add` and the SharedLock lose none.
import { expect, test } from "vitest";
import { lostUpdateAtBarrier } from "./lost-update.ts";
import { countInWorkers } from "./shared-counter.ts";

const WORKERS = 2;
const INCREMENTS = 1_000_000;

test("`counter[0]++` from two workers at once loses updates", async () => {
  // Whether the two threads really overlap is up to the machine; on a busy
  // one a run may see little overlap, so give it three tries.
  const lost: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const report = await countInWorkers({
      workers: WORKERS,
      increments: 5 * INCREMENTS,
      mode: "plain",
    });
    expect(report.counted).toBeLessThanOrEqual(report.expected);
    lost.push(report.lost);
    if (report.lost > 0) break;
  }
  expect(
    Math.max(...lost),
    `lost per attempt: ${lost.join(", ")}`,
  ).toBeGreaterThan(0);
}, 30_000);

test("`Atomics.add` from two workers loses none, in each of 3 runs", async () => {
  for (let run = 1; run <= 3; run++) {
    const report = await countInWorkers({
      workers: WORKERS,
      increments: INCREMENTS / 2,
      mode: "atomic",
    });
    expect(report, `run ${run}`).toMatchObject({
      counted: (WORKERS * INCREMENTS) / 2,
      lost: 0,
    });
  }
}, 30_000);

test("`counter[0]++` inside the SharedLock loses none, in each of 3 runs", async () => {
  for (let run = 1; run <= 3; run++) {
    const report = await countInWorkers({
      workers: WORKERS,
      increments: INCREMENTS / 10,
      mode: "lock",
    });
    expect(report, `run ${run}`).toMatchObject({
      counted: (WORKERS * INCREMENTS) / 10,
      lost: 0,
    });
  }
}, 30_000);

test("an aborted count stops its workers and rejects", async () => {
  const controller = new AbortController();
  const counting = countInWorkers({
    workers: WORKERS,
    increments: 1_000_000_000,
    mode: "atomic",
    signal: controller.signal,
  });
  controller.abort();
  await expect(counting).rejects.toThrow();
}, 30_000);

test("with a barrier between the read and the write, every worker reads 0 and writes 1: all but one update lost, every time", async () => {
  for (let round = 1; round <= 3; round++) {
    const report = await lostUpdateAtBarrier(WORKERS);
    expect(report, `round ${round}`).toEqual({
      expected: WORKERS,
      counted: 1,
      seen: Array(WORKERS).fill(0),
    });
  }
}, 30_000);
