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
