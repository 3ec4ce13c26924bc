import { expect, test } from "vitest";
import { Deferred } from "./deferred.ts";

test("a callback added before the result runs when it comes, with each step's result passed on", () => {
  const d = new Deferred<number>();
  const seen: unknown[] = [];
  d.addCallback((n) => n + 1).addCallback((n) => seen.push(n));
  expect(seen).toEqual([]);
  d.callback(1);
  expect(seen).toEqual([2]);
});

test("a callback added after the result runs at once, in the same turn", () => {
  const d = new Deferred<string>();
  d.callback("bar");
  let seen = "";
  d.addCallback((body) => (seen = body));
  expect(seen).toBe("bar");
});

test("a throw skips the callbacks to the next errback, whose result is a result again", () => {
  const d = new Deferred<number>();
  const seen: unknown[] = [];
  d.addCallback(() => {
    throw new Error("boom");
  })
    .addCallback(() => seen.push("skipped"))
    .addErrback((e) => (e as Error).message)
    .addCallback((v) => seen.push(v));
  d.callback(1);
  expect(seen).toEqual(["boom"]);
});

test("calls after the first are ignored and counted", () => {
  const d = new Deferred<number>();
  const seen: unknown[] = [];
  d.addCallback((n) => seen.push(n));
  d.callback(1);
  d.errback(new Error("late"));
  d.callback(2);
  expect(seen).toEqual([1]);
  expect(d.lateCalls).toBe(2);
});
