import { expect, test } from "vitest";
import { writeUntilFalse } from "./until-false.ts";

test("write() says false once Node's own buffer reaches its highWaterMark, and 'drain' comes when it is empty", async () => {
  const report = await writeUntilFalse();
  expect(report.highWaterMark).toBe(64 * 1024);
  expect(report.bufferedAtFalse).toBeGreaterThanOrEqual(report.highWaterMark);
  expect(report.bufferedAtFalse).toBeLessThan(report.highWaterMark + 65536);
  // The kernel took far more than Node's buffer before the first false.
  expect(report.accepted, `accepted ${report.accepted}`).toBeGreaterThan(
    4 * report.highWaterMark,
  );
  expect(report.bufferedAtDrain).toBe(0);
});
