import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AsyncQueue, QueueClosedError } from "./queue.ts";
import { microtasks, nextTurn, watch } from "./settle.ts";

describe("AsyncQueue: get and put", () => {
  it("makes get wait on an empty queue, and hands it the next item put", async () => {
    const queue = new AsyncQueue<string>(2);
    const got = watch(queue.get());
    await nextTurn();
    expect(got.state()).toBe("pending");
    await queue.put("a");
    await microtasks();
    expect(got.value()).toBe("a");
    // The item went to the waiting getter, not into the queue.
    expect(queue.size).toBe(0);
  });

  it("hands out items in the order they were put", async () => {
    const queue = new AsyncQueue<number>();
    for (const n of [1, 2, 3, 4]) await queue.put(n);
    const out = [await queue.get(), await queue.get(), await queue.get()];
    expect(out).toEqual([1, 2, 3]);
    expect(queue.size).toBe(1);
  });

  it("serves waiting getters in the order they asked", async () => {
    const queue = new AsyncQueue<string>(1);
    const order: string[] = [];
    const getters = ["first", "second", "third"].map((name) =>
      queue.get().then((item) => order.push(`${name} got ${item}`)),
    );
    for (const item of ["a", "b", "c"]) await queue.put(item);
    await Promise.all(getters);
    expect(order).toEqual(["first got a", "second got b", "third got c"]);
  });
});

describe("AsyncQueue: the bound", () => {
  it("makes put wait on a full queue until a get frees a place", async () => {
    const queue = new AsyncQueue<number>(2);
    await queue.put(1);
    await queue.put(2);
    const third = watch(queue.put(3));
    await nextTurn();
    expect(third.state()).toBe("pending");
    expect(queue.size).toBe(2);
    expect(await queue.get()).toBe(1);
    await microtasks();
    expect(third.state()).toBe("resolved");
    expect(queue.size).toBe(2);
    expect([await queue.get(), await queue.get()]).toEqual([2, 3]);
  });

  it("lets waiting putters in in the order they came", async () => {
    const queue = new AsyncQueue<string>(1);
    await queue.put("held");
    const putters = ["a", "b", "c"].map((item) => queue.put(item));
    const out: string[] = [];
    for (let i = 0; i < 4; i++) out.push(await queue.get());
    await Promise.all(putters);
    expect(out).toEqual(["held", "a", "b", "c"]);
  });

  it("does not let a newcomer's put take the place freed for a waiting putter", async () => {
    const queue = new AsyncQueue<string>(1);
    await queue.put("held");
    const waiting = queue.put("waiting");
    expect(await queue.get()).toBe("held");
    // The freed place is already the waiting putter's, though it has not run.
    const newcomer = watch(queue.put("newcomer"));
    await microtasks();
    expect(newcomer.state()).toBe("pending");
    await waiting;
    expect(await queue.get()).toBe("waiting");
    expect(await queue.get()).toBe("newcomer");
  });

  it("refuses a capacity that is not a whole number above zero", () => {
    expect(() => new AsyncQueue(0)).toThrow(RangeError);
    expect(() => new AsyncQueue(1.5)).toThrow(RangeError);
    expect(new AsyncQueue().capacity).toBe(Infinity);
  });
});

describe("AsyncQueue: close", () => {
  it("wakes every waiting getter with a QueueClosedError", async () => {
    const queue = new AsyncQueue<number>(2);
    const getters = [watch(queue.get()), watch(queue.get())];
    queue.close();
    await microtasks();
    for (const getter of getters) {
      expect(getter.state()).toBe("rejected");
      expect(getter.reason()).toBeInstanceOf(QueueClosedError);
    }
  });

  it("still hands out what was queued, then rejects get", async () => {
    const queue = new AsyncQueue<number>(3);
    await queue.put(1);
    await queue.put(2);
    queue.close();
    await expect(queue.put(3)).rejects.toBeInstanceOf(QueueClosedError);
    expect([await queue.get(), await queue.get()]).toEqual([1, 2]);
    await expect(queue.get()).rejects.toBeInstanceOf(QueueClosedError);
  });

  it("turns away putters still waiting for room", async () => {
    const queue = new AsyncQueue<number>(1);
    await queue.put(1);
    const waiting = queue.put(2);
    queue.close();
    await expect(waiting).rejects.toBeInstanceOf(QueueClosedError);
    expect(queue.size).toBe(1);
  });

  it("ends a for await loop once it is closed and drained", async () => {
    const queue = new AsyncQueue<number>(2);
    const seen: number[] = [];
    const consumer = (async () => {
      for await (const item of queue) seen.push(item);
    })();
    for (const n of [1, 2, 3, 4, 5]) await queue.put(n);
    queue.close();
    await consumer;
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("AsyncQueue: abort", () => {
  it("takes an aborted getter out of the line, so the next one gets the item", async () => {
    const queue = new AsyncQueue<string>(1);
    const controller = new AbortController();
    const aborted = queue.get(controller.signal);
    const next = queue.get();
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    await queue.put("a");
    expect(await next).toBe("a");
  });

  it("takes an aborted putter's item out of the line: it never enters", async () => {
    const queue = new AsyncQueue<string>(1);
    await queue.put("held");
    const controller = new AbortController();
    const aborted = queue.put("dropped on purpose", controller.signal);
    const next = queue.put("next");
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    expect(await queue.get()).toBe("held");
    await next;
    expect(await queue.get()).toBe("next");
    expect(queue.size).toBe(0);
  });

  it("rejects at once with a signal that is already aborted", async () => {
    const queue = new AsyncQueue<string>(1);
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(queue.put("a", signal)).rejects.toThrow("too late");
    await expect(queue.get(signal)).rejects.toThrow("too late");
    expect(queue.size).toBe(0);
  });
});

describe("AsyncQueue under any interleaving", () => {
  it("hands every item out exactly once, in each producer's order, never holding more than its capacity", async () => {
    // Each producer and consumer step waits 0, 1 or 2 turns of the event
    // loop, as fast-check chooses: many interleavings, none of them timed.
    const pauses = fc.array(fc.integer({ min: 0, max: 2 }), {
      minLength: 1,
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        pauses,
        async (capacity, pattern) => {
          const queue = new AsyncQueue<string>(capacity);
          let step = 0;
          const pause = async (): Promise<void> => {
            const turns = pattern[step++ % pattern.length] ?? 0;
            for (let i = 0; i < turns; i++) await nextTurn();
          };
          let peak = 0;
          const producer = async (name: string): Promise<void> => {
            for (let i = 0; i < 15; i++) {
              await pause();
              await queue.put(`${name}${i}`);
              peak = Math.max(peak, queue.size);
            }
          };
          const taken: string[] = [];
          const consumer = async (): Promise<void> => {
            for await (const item of queue) {
              taken.push(item);
              await pause();
            }
          };
          const consumers = [consumer(), consumer(), consumer()];
          await Promise.all([producer("a"), producer("b")]);
          queue.close();
          await Promise.all(consumers);
          expect(peak).toBeLessThanOrEqual(capacity);
          expect([...taken].sort()).toEqual(
            [
              ...Array.from({ length: 15 }, (_, i) => `a${i}`),
              ...Array.from({ length: 15 }, (_, i) => `b${i}`),
            ].sort(),
          );
          for (const name of ["a", "b"]) {
            const mine = taken.filter((item) => item.startsWith(name));
            expect(mine).toEqual(mine.map((_, i) => `${name}${i}`));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
