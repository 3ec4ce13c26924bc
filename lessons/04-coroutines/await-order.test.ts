import { describe, expect, it } from "vitest";
import { awaitOrder, throwBecomesRejection } from "./await-order.ts";

describe("what await does", () => {
  it("runs the caller's synchronous code before the rest of the awaiting function, and both before a timer", async () => {
    expect(await awaitOrder()).toEqual([
      "main: calls worker()",
      "worker: runs at once, up to its first await",
      "main: worker() returned a Promise",
      "main: goes on with its own synchronous code",
      "worker: resumes after the await",
      'main: awaited "the worker\'s result"',
      "setTimeout 0: the next macrotask",
    ]);
  });

  it("resumes after an await of a resolved value as a microtask, before queued macrotasks", async () => {
    const log: string[] = [];
    setImmediate(() => log.push("immediate"));
    const resumed = (async () => {
      await undefined;
      log.push("after await");
    })();
    queueMicrotask(() => log.push("microtask queued after the await"));
    log.push("sync");
    await resumed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([
      "sync",
      "after await",
      "microtask queued after the await",
      "immediate",
    ]);
  });

  it("turns a throw inside an async function into a rejection that await throws again", async () => {
    expect(await throwBecomesRejection()).toEqual([
      "calling fails() did not throw; it returned a promise",
      "await threw: boom",
    ]);
  });

  it("returns a pending promise at once from an async function whose body waits", async () => {
    let finished = false;
    const waits = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    };
    const promise = waits();
    expect(promise).toBeInstanceOf(Promise);
    expect(finished).toBe(false);
    await promise;
    expect(finished).toBe(true);
  });
});
