import { describe, expect, it } from "vitest";
import { helloClock, type Tick } from "./clock.ts";

const SECOND_MS = 20;
const MINUTE_MS = 200;
const STOP_AFTER_MS = 650;

/** Timers alive in this process: every `setTimeout` not yet run or cleared. */
function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === "Timeout")
    .length;
}

async function runClocks() {
  const ticks: Tick[] = [];
  const start = performance.now();
  const counts = await helloClock({
    secondMs: SECOND_MS,
    minuteMs: MINUTE_MS,
    stopAfterMs: STOP_AFTER_MS,
    onTick: (tick) => ticks.push(tick),
  });
  return { ticks, counts, ms: performance.now() - start };
}

describe("hello clock: a fast and a slow clock on one thread", () => {
  it("ticks the fast clock about ten times as often as the slow one", async () => {
    const { ticks, counts } = await runClocks();
    const report = `${counts.seconds} second ticks, ${counts.minutes} minute ticks`;
    // 32 and 3 are due before the stop; a busy machine may lose a few of
    // the fast ones at the end, never a whole minute's worth.
    expect(counts.seconds, report).toBeGreaterThanOrEqual(26);
    expect(counts.seconds, report).toBeLessThanOrEqual(32);
    expect(counts.minutes, report).toBe(3);
    const ratio = counts.seconds / counts.minutes;
    expect(ratio, report).toBeGreaterThan(8);
    expect(ratio, report).toBeLessThan(11);
    expect(ticks.filter((t) => t.clock === "second")).toHaveLength(
      counts.seconds,
    );
  });

  it("interleaves the clocks: second ticks come between minute ticks", async () => {
    const { ticks } = await runClocks();
    const minutes = ticks.flatMap((t, i) => (t.clock === "minute" ? [i] : []));
    // Between two minute ticks there are about ten second ticks; a busy
    // machine can delay a tick past the 5 ms that separate the clocks.
    const gaps = minutes.map((index, i) => index - (minutes[i - 1] ?? -1) - 1);
    for (const gap of gaps) {
      expect(
        gap,
        `second ticks between minute ticks: ${gaps}`,
      ).toBeGreaterThanOrEqual(6);
      expect(
        gap,
        `second ticks between minute ticks: ${gaps}`,
      ).toBeLessThanOrEqual(14);
    }
    const counts = ticks
      .filter((t) => t.clock === "second")
      .map((t) => t.count);
    expect(counts).toEqual(counts.map((_, i) => i + 1));
  });

  it("stops at the deadline and leaves no timer behind", async () => {
    const before = pendingTimers();
    const { ms } = await runClocks();
    expect(ms, `stopped after ${ms} ms`).toBeGreaterThanOrEqual(
      STOP_AFTER_MS - 1,
    );
    expect(ms, `stopped after ${ms} ms`).toBeLessThan(STOP_AFTER_MS + 300);
    expect(pendingTimers()).toBeLessThanOrEqual(before);
  });

  it("stops early when its signal aborts", async () => {
    const controller = new AbortController();
    const ticks: Tick[] = [];
    const counts = await helloClock({
      secondMs: SECOND_MS,
      minuteMs: MINUTE_MS,
      stopAfterMs: 60_000,
      signal: controller.signal,
      onTick: (tick) => {
        ticks.push(tick);
        if (tick.count === 3) controller.abort();
      },
    });
    expect(counts).toEqual({ seconds: 3, minutes: 0 });
  });
});
