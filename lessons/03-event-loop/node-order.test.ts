import { describe, expect, it } from "vitest";
import {
  microtasksBetweenTimers,
  orderInsideIoCallback,
  orderInsideMacrotask,
  orderInsideMicrotask,
  starveTimer,
} from "./node-order.ts";

describe("Node's queues, in the order they run", () => {
  it("runs sync code, then nextTick, then microtasks, then the immediate, then the timer, inside an I/O callback", async () => {
    expect(await orderInsideIoCallback()).toEqual([
      "synchronous code",
      "process.nextTick",
      "promise.then",
      "queueMicrotask",
      "setImmediate",
      "setTimeout 0",
    ]);
  });

  it("runs a nextTick before a promise reaction queued earlier, from a macrotask", async () => {
    expect(await orderInsideMacrotask()).toEqual([
      "process.nextTick",
      "promise.then",
    ]);
  });

  it("runs a promise reaction queued earlier before a nextTick, from inside a microtask", async () => {
    expect(await orderInsideMicrotask()).toEqual([
      "promise.then",
      "process.nextTick",
    ]);
  });

  it("drains one timer's nextTicks and microtasks before the next timer runs", async () => {
    expect(await microtasksBetweenTimers()).toEqual([
      "timer 1",
      "timer 1: nextTick",
      "timer 1: promise",
      "timer 1: promise, then another",
      "timer 2",
    ]);
  });
});

describe("starving the timers", () => {
  const budgetMs = 50;

  it("holds back a due timer until a chain of microtasks has run out", async () => {
    const report = await starveTimer("microtask", budgetMs);
    expect(report.linksBeforeTimer).toBe(report.links);
    expect(
      report.timerLateMs,
      `timer fired after ${report.timerLateMs} ms, chain ran ${report.chainMs} ms`,
    ).toBeGreaterThanOrEqual(report.chainMs);
  });

  it("lets a due timer fire in the middle of a chain of immediates", async () => {
    const report = await starveTimer("immediate", budgetMs);
    expect(
      report.linksBeforeTimer,
      `timer fired after ${report.linksBeforeTimer} of ${report.links} links ` +
        `(${report.timerLateMs} ms in, chain ran ${report.chainMs} ms)`,
    ).toBeLessThan(report.links);
  });
});
