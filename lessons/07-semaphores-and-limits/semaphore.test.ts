import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore.ts";

/** Acquire and record the moment the permit is granted, by name. */
function queue(semaphore: Semaphore, name: string, log: string[]) {
  return semaphore.acquire().then(() => log.push(name));
}

describe("Semaphore", () => {
  it("grants permits at once while there are free ones", async () => {
    const semaphore = new Semaphore(2);
    await semaphore.acquire();
    await semaphore.acquire();
    expect(semaphore.available).toBe(0);
    semaphore.release();
    semaphore.release();
    expect(semaphore.available).toBe(2);
  });

  it("hands permits to waiters in the order they asked", async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const granted: string[] = [];
    const waiters = ["a", "b", "c"].map((n) => queue(semaphore, n, granted));
    expect(semaphore.waiting).toBe(3);
    for (let i = 0; i < 3; i++) {
      semaphore.release();
      await waiters[i];
    }
    expect(granted).toEqual(["a", "b", "c"]);
  });

  it("does not let a newcomer take a released permit from the first waiter", async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const granted: string[] = [];
    const first = queue(semaphore, "waiter", granted);
    semaphore.release();
    // The permit is already promised to the waiter, though it has not run.
    expect(semaphore.available).toBe(0);
    const newcomer = queue(semaphore, "newcomer", granted);
    await first;
    semaphore.release();
    await newcomer;
    expect(granted).toEqual(["waiter", "newcomer"]);
  });

  it("gives the permit back when the task throws", async () => {
    const semaphore = new Semaphore(2);
    const failing = semaphore.withPermit(() =>
      Promise.reject(new Error("boom")),
    );
    await expect(failing).rejects.toThrow("boom");
    expect(semaphore.available).toBe(2);
  });

  it("removes an aborted waiter from the line, so no permit is lost to it", async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const granted: string[] = [];
    const next = queue(semaphore, "next", granted);
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    expect(semaphore.waiting).toBe(1);
    semaphore.release();
    await next;
    expect(granted).toEqual(["next"]);
    semaphore.release();
    expect(semaphore.available).toBe(1);
  });

  it("rejects at once with an already aborted signal, taking no permit", async () => {
    const semaphore = new Semaphore(1);
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(semaphore.acquire(signal)).rejects.toThrow("too late");
    expect(semaphore.available).toBe(1);
  });

  it("returns every permit after a thousand tasks, some of them failing", async () => {
    const semaphore = new Semaphore(50);
    let running = 0;
    let peak = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        semaphore.withPermit(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise<void>((resolve) => setImmediate(resolve));
          running -= 1;
          if (i % 7 === 0) throw new Error(`task ${i} failed`);
        }),
      ),
    );
    const failed = outcomes.filter((o) => o.status === "rejected").length;
    expect(failed).toBe(143);
    expect(peak).toBe(50);
    expect(semaphore.available).toBe(50);
    expect(semaphore.waiting).toBe(0);
  });

  it("refuses a release without an acquire, and a limit below one", () => {
    expect(() => new Semaphore(1).release()).toThrow(/more often/);
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(2.5)).toThrow(RangeError);
  });
});
