import { expect, it } from "vitest";
import { trackPromiseOrigins } from "./promise-origins.ts";

function makeOne(): Promise<number> {
  return new Promise((resolve) => resolve(1));
}

it("tells where a promise was made, and stops noting after stop()", async () => {
  const origins = trackPromiseOrigins();
  const seen = makeOne();
  origins.stop();
  const unseen = makeOne();
  expect(origins.originOf(seen)).toMatch(
    /^ {4}at new Promise .*\n {4}at makeOne \(.*promise-origins\.test\.ts:\d+:\d+\)/,
  );
  expect(origins.originOf(unseen)).toBeUndefined();
  await Promise.all([seen, unseen]);
});
