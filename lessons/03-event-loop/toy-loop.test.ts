import { describe, expect, it } from "vitest";
import { ToyLoop } from "./toy-loop.ts";

describe("ToyLoop ordering", () => {
  it("runs callSoon callbacks in the order they were queued", async () => {
    const loop = new ToyLoop();
    const order: string[] = [];
    for (const name of ["a", "b", "c"]) loop.callSoon(() => order.push(name));
    await loop.run();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("runs ready callbacks before timers that are already due", async () => {
    const loop = new ToyLoop();
    const order: string[] = [];
    loop.callLater(0, () => order.push("timer"));
    loop.callSoon(() => order.push("soon"));
    await loop.run();
    expect(order).toEqual(["soon", "timer"]);
  });

  it("fires timers in time order, not in the order they were scheduled", async () => {
    const loop = new ToyLoop();
    const order: number[] = [];
    for (const ms of [30, 10, 20, 0]) loop.callLater(ms, () => order.push(ms));
    await loop.run();
    expect(order).toEqual([0, 10, 20, 30]);
  });

  it("waits at least the requested delay before firing a timer", async () => {
    const loop = new ToyLoop();
    const start = performance.now();
    let firedAfter = -1;
    loop.callLater(25, () => (firedAfter = performance.now() - start));
    await loop.run();
    expect(firedAfter, `fired after ${firedAfter} ms`).toBeGreaterThanOrEqual(
      25,
    );
  });

  it("runs a callback queued by a callback on the next tick, not the current one", async () => {
    const loop = new ToyLoop();
    loop.callSoon(function first() {
      loop.callSoon(function queuedByFirst() {});
    });
    loop.callSoon(function second() {});
    await loop.run();
    expect(loop.trace).toEqual([
      { tick: 1, source: "ready", name: "first" },
      { tick: 1, source: "ready", name: "second" },
      { tick: 2, source: "ready", name: "queuedByFirst" },
    ]);
  });

  it("stops when nothing is ready, scheduled or watched", async () => {
    const loop = new ToyLoop();
    await loop.run();
    expect(loop.trace).toEqual([]);
  });
});
