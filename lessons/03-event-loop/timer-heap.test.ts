import { describe, expect, it } from "vitest";
import { TimerHeap } from "./timer-heap.ts";

describe("TimerHeap", () => {
  it("pops timers in order of their due time, whatever order they were pushed in", () => {
    const heap = new TimerHeap<number>();
    const dues = [50, 10, 40, 30, 20, 70, 60, 0, 90, 80];
    for (const due of dues) heap.push(due, due);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() ?? -1);
    expect(popped).toEqual([...dues].sort((a, b) => a - b));
  });

  it("pops timers due at the same time in the order they were added", () => {
    const heap = new TimerHeap<string>();
    for (const name of ["a", "b", "c", "d", "e"]) heap.push(5, name);
    heap.push(1, "early");
    const popped: (string | undefined)[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    expect(popped).toEqual(["early", "a", "b", "c", "d", "e"]);
  });

  it("reports the earliest due time without removing it", () => {
    const heap = new TimerHeap<string>();
    expect(heap.peekDue()).toBeUndefined();
    heap.push(30, "late");
    heap.push(10, "soon");
    expect(heap.peekDue()).toBe(10);
    expect(heap.size).toBe(2);
  });

  it("returns undefined when popping an empty heap", () => {
    expect(new TimerHeap<string>().pop()).toBeUndefined();
  });

  it("keeps order across a large shuffled load of pushes and pops", () => {
    const heap = new TimerHeap<number>();
    // A fixed linear congruential sequence: shuffled, but the same every run.
    let x = 12345;
    const dues: number[] = [];
    for (let i = 0; i < 500; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      dues.push(x % 100);
      heap.push(x % 100, i);
    }
    let previousDue = -1;
    let previousIndex = -1;
    while (heap.size > 0) {
      const index = heap.pop() ?? -1;
      const due = dues[index] ?? -1;
      expect(due).toBeGreaterThanOrEqual(previousDue);
      if (due === previousDue) expect(index).toBeGreaterThan(previousIndex);
      previousDue = due;
      previousIndex = index;
    }
  });
});
