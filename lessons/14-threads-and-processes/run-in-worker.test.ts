import { expect, test } from "vitest";
import { countPrimes } from "./primes.ts";
import { runInWorker } from "./run-in-worker.ts";

const PRIMES = new URL("./primes.ts", import.meta.url);

function ports(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === "MessagePort").length;
}

test("runs the task's default export in a worker and resolves with its value", async () => {
  const before = ports();
  const range = { from: 0, to: 100_000 };
  expect(await runInWorker(PRIMES, range)).toBe(countPrimes(0, 100_000));
  expect(ports(), "the worker was terminated").toBe(before);
});

test("rejects with the error the task threw, message and all", async () => {
  await expect(runInWorker(PRIMES, null)).rejects.toThrow(
    /Cannot destructure property 'from'/,
  );
});

test("an abort rejects at once and ends the worker, though the task is still running", async () => {
  const before = ports();
  const controller = new AbortController();
  const work = runInWorker(PRIMES, { from: 0, to: 1e12 }, controller.signal);
  setTimeout(() => controller.abort(), 100);
  const started = performance.now();
  await expect(work).rejects.toMatchObject({ name: "AbortError" });
  const ms = performance.now() - started;
  expect(ms, `rejected after ${Math.round(ms)} ms`).toBeLessThan(5000);
  expect(ports(), "the worker was terminated").toBe(before);
});
