// The lock on a shared word: taken and given back on one thread, and, across
// threads, a waiter that gets the lock only once its holder lets go.
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { expect, test } from "vitest";
import { SharedLock } from "./atomics-lock.ts";

const cells = () => new Int32Array(new SharedArrayBuffer(8));

test("tryLock takes a free lock, and refuses a held one", () => {
  const lock = new SharedLock(cells());
  expect(lock.tryLock()).toBe(true);
  expect(lock.tryLock()).toBe(false);
  lock.unlock();
  expect(lock.tryLock()).toBe(true);
});

test("unlock of a lock nobody holds throws", () => {
  const lock = new SharedLock(cells());
  expect(() => lock.unlock()).toThrow("nobody holds");
});

test("memory that is not shared is refused", () => {
  expect(() => new SharedLock(new Int32Array(2))).toThrow(
    SharedArrayBuffer.name,
  );
});

test("a worker waiting for a held lock marks it contended, gets it only after unlock, and is woken", async () => {
  const memory = cells();
  const lock = new SharedLock(memory, 0);
  expect(lock.tryLock()).toBe(true);
  const worker = new Worker(new URL("./lock-worker.ts", import.meta.url), {
    workerData: memory.buffer,
  });
  try {
    const reported = once(worker, "message");
    // The worker spins, then marks the word "contended" (2) and sleeps.
    const deadline = performance.now() + 10_000;
    while (Atomics.load(memory, 0) !== 2 && performance.now() < deadline) {
      await nextTurn();
    }
    expect(Atomics.load(memory, 0), "the lock word").toBe(2);
    expect(Atomics.load(memory, 1), "the worker holds it").toBe(0);
    lock.unlock();
    const [{ sleeps }] = (await reported) as [{ sleeps: number }];
    expect(Atomics.load(memory, 1), "the worker holds it").toBe(1);
    expect(sleeps).toBeLessThanOrEqual(1);
    expect(Atomics.load(memory, 0), "the lock word at the end").toBe(0);
  } finally {
    await worker.terminate();
  }
}, 20_000);
