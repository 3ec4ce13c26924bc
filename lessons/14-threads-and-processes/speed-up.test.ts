import { Piscina } from "piscina";
import { expect, test } from "vitest";
import { countPrimes } from "./primes.ts";
import type { Meeting } from "./rendezvous.ts";
import { onPiscina } from "./speed-up.ts";

const RENDEZVOUS = new URL("./rendezvous.ts", import.meta.url);

test("piscina counts the same primes in parts as one call does whole", async () => {
  const job = { from: 0, to: 300_000 };
  const run = await onPiscina(2, job, 6);
  expect(run.primes).toBe(countPrimes(job.from, job.to));
  expect(run.finishes).toHaveLength(6);
});

test("a piscina pool of two threads runs two tasks at the same time; a pool of one cannot", async () => {
  // Two threads meet at once; one thread waits out its second alone.
  for (const [threads, met, waitMs] of [
    [2, true, 10_000],
    [1, false, 500],
  ] as const) {
    const pool = new Piscina<Meeting, boolean>({
      filename: RENDEZVOUS.href,
      maxThreads: threads,
      minThreads: threads,
    });
    try {
      const arrived = new Int32Array(new SharedArrayBuffer(4));
      const meeting = { arrived, count: 2, waitMs };
      const results = await Promise.all([pool.run(meeting), pool.run(meeting)]);
      expect(results[0], `a pool of ${threads}`).toBe(met);
    } finally {
      await pool.destroy();
    }
  }
});
