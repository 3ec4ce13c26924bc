// The hand-written mutex: one holder at a time, waiters served in order, the
// lock given back when the task throws, and a wait that can be aborted.
// Whether a waiter got the lock is a matter of which callbacks have run, so
// these tests look after the pending callbacks, never after a sleep.
import { MessageChannel } from "node:worker_threads";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { microtasks, watch } from "../10-queues/settle.ts";
import { Mutex } from "./mutex.ts";

describe("Mutex", () => {
  test("the first acquire gets the lock at once; the second waits", async () => {
    const mutex = new Mutex();
    const first = watch(mutex.acquire());
    const second = watch(mutex.acquire());
    await microtasks();
    expect(first.state()).toBe("resolved");
    expect(second.state()).toBe("pending");
    expect(mutex.locked).toBe(true);
    expect(mutex.waiting).toBe(1);
  });

  test("waiters get the lock in the order they asked for it", async () => {
    const mutex = new Mutex();
    const order: number[] = [];
    const holders = [1, 2, 3, 4, 5].map((n) =>
      mutex.runExclusive(async () => {
        order.push(n);
        // Give the others every chance to jump the line.
        await microtasks();
      }),
    );
    await Promise.all(holders);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(mutex.locked).toBe(false);
  });

  test("a release hands the lock to the first waiter, so a newcomer cannot take it in between", async () => {
    const mutex = new Mutex();
    const release = await mutex.acquire();
    const waiter = watch(mutex.acquire());
    release();
    // A newcomer asks in the same instant as the release.
    const newcomer = watch(mutex.acquire());
    await microtasks();
    expect(waiter.state()).toBe("resolved");
    expect(newcomer.state()).toBe("pending");
    expect(mutex.locked).toBe(true);
  });

  test("runExclusive gives the lock back when the task throws", async () => {
    const mutex = new Mutex();
    const failing = mutex.runExclusive(async () => {
      await microtasks();
      throw new Error("payment failed");
    });
    const next = watch(mutex.runExclusive(() => "served"));
    await expect(failing).rejects.toThrow("payment failed");
    await microtasks();
    expect(next.value()).toBe("served");
    expect(mutex.locked).toBe(false);
  });

  test("an aborted wait rejects with the signal's reason and leaves the line", async () => {
    const mutex = new Mutex();
    const release = await mutex.acquire();
    const controller = new AbortController();
    const impatient = watch(mutex.acquire(controller.signal));
    const patient = watch(mutex.acquire());
    controller.abort(new Error("gave up"));
    await microtasks();
    expect(impatient.state()).toBe("rejected");
    expect(String(impatient.reason())).toContain("gave up");
    expect(mutex.waiting).toBe(1);
    // The lock goes to the waiter still in line, not to the one that left.
    release();
    await microtasks();
    expect(patient.state()).toBe("resolved");
  });

  test("an already aborted signal rejects without taking the lock", async () => {
    const mutex = new Mutex();
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(mutex.acquire(signal)).rejects.toThrow("too late");
    expect(mutex.locked).toBe(false);
  });

  test("AbortSignal.timeout ends a wait on a lock that is never released", async () => {
    const mutex = new Mutex();
    await mutex.acquire();
    const started = performance.now();
    await expect(mutex.acquire(AbortSignal.timeout(50))).rejects.toThrow(
      /timed? ?out/i,
    );
    const ms = performance.now() - started;
    expect(ms, `gave up after ${Math.round(ms)} ms`).toBeGreaterThanOrEqual(45);
    expect(mutex.waiting).toBe(0);
  });

  test("a second call of the same release does nothing", async () => {
    const mutex = new Mutex();
    const release = await mutex.acquire();
    const waiter = watch(mutex.acquire());
    release();
    release();
    await microtasks();
    expect(waiter.state()).toBe("resolved");
    // Still held, by the waiter: the second call did not release it again.
    expect(mutex.locked).toBe(true);
  });

  test("under any interleaving of acquires, releases and aborts, one holder at a time, and the lock goes to the earliest waiter still in line", async () => {
    type Step =
      { kind: "acquire" } | { kind: "release" } | { kind: "abort"; at: number };
    const step = fc.oneof(
      fc.constant<Step>({ kind: "acquire" }),
      fc.constant<Step>({ kind: "acquire" }),
      fc.constant<Step>({ kind: "release" }),
      fc.record({ kind: fc.constant("abort" as const), at: fc.nat(40) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (plan) => {
        const mutex = new Mutex();
        const held: (() => void)[] = [];
        // Waiters not yet granted and not aborted, in the order they asked.
        const line: { id: number; controller: AbortController }[] = [];
        const wrong: string[] = [];
        let holders = 0;
        let most = 0;
        for (const [id, next] of plan.entries()) {
          if (next.kind === "acquire") {
            const controller = new AbortController();
            line.push({ id, controller });
            mutex.acquire(controller.signal).then(
              (release) => {
                holders += 1;
                most = Math.max(most, holders);
                if (line[0]?.id !== id) {
                  wrong.push(`${id} got it before ${line[0]?.id}`);
                }
                line.splice(
                  line.findIndex((w) => w.id === id),
                  1,
                );
                held.push(() => {
                  holders -= 1;
                  release();
                });
              },
              () => {},
            );
          } else if (next.kind === "release") held.shift()?.();
          else if (line.length > 0) {
            // Any waiter may give up, the first in line included.
            const [gone] = line.splice(next.at % line.length, 1);
            gone?.controller.abort();
          }
          await microtasks();
        }
        expect(most).toBeLessThanOrEqual(1);
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test("cannot cross threads: posted to another thread, a Mutex arrives as an empty plain object", async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const mutex = new Mutex();
      await mutex.acquire();
      const arrived = new Promise((resolve) => {
        port2.once("message", resolve);
      });
      port1.postMessage(mutex);
      const copy = await arrived;
      expect(copy).toEqual({});
      expect(copy).not.toBeInstanceOf(Mutex);
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    } finally {
      port1.close();
    }
  });
});
