import { expect, test } from "vitest";
import { messagesDemo } from "./messages.ts";

test("a message is copied, a transferred buffer moves, shared memory is seen by both threads", async () => {
  const report = await messagesDemo();
  expect(report).toEqual({
    workerThreadId: expect.any(Number),
    replyHandledOn: 0,
    lengthThere: 4,
    lengthHere: 3,
    bytesBefore: 8 * 1024 * 1024,
    bytesAfter: 0,
    bytesThere: 8 * 1024 * 1024,
    sharedValue: 42,
  });
  expect(report.workerThreadId).toBeGreaterThan(0);
});

test("Atomics.notify wakes only a waiter already there; waitAsync does not wait when the cell no longer holds the value named", async () => {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // Nobody waits yet: the notify wakes no one and leaves no mark.
  expect(Atomics.notify(cell, 0)).toBe(0);
  const late = Atomics.waitAsync(cell, 0, 0, 50);
  expect(late.async).toBe(true);
  expect(await late.value).toBe("timed-out");
  // The cell changed before the wait: no wait at all.
  Atomics.store(cell, 0, 42);
  expect(Atomics.waitAsync(cell, 0, 0)).toEqual({
    async: false,
    value: "not-equal",
  });
});
