// Exercise: the core of a load generator. `closedLoop` keeps `concurrency`
// requests in flight until `total` have been sent; `openLoop` sends them at
// a constant rate instead, and counts each latency from when the request
// was due, so that a server that stalls cannot hide its stall.
import { setTimeout as sleep } from "node:timers/promises";

/** What a load run measured. */
export interface Measured {
  /** `latenciesMs[i]`: how long request `i` took, in milliseconds. */
  latenciesMs: number[];
  /** How many `send` calls rejected. */
  errors: number;
}

/** Sends request `i`; rejects if it failed. */
export type Send = (i: number) => Promise<void>;

/**
 * `concurrency` workers share `total` requests: each sends its next one as
 * soon as its last one has settled.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  send: Send,
): Promise<Measured> {
  const latenciesMs = new Array<number>(total).fill(0);
  let errors = 0;
  // The index of the next request nobody has taken yet.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      // Take the index before awaiting, so no other worker takes it too.
      const i = next++;
      const startedAt = performance.now();
      try {
        await send(i);
      } catch {
        // A failed request is a result to count, not a reason to stop.
        errors++;
      }
      latenciesMs[i] = performance.now() - startedAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}

/**
 * Request `i` is due `i * 1000 / ratePerSecond` ms after the start. It is
 * sent when it is due and one of `concurrency` workers is free, and its
 * latency counts from when it was due.
 */
export async function openLoop(
  total: number,
  ratePerSecond: number,
  concurrency: number,
  send: Send,
): Promise<Measured> {
  const latenciesMs = new Array<number>(total).fill(0);
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      // The schedule says when request `i` is due, whatever happened to
      // the requests before it.
      const dueAt = start + (i * 1000) / ratePerSecond;
      const early = dueAt - performance.now();
      if (early > 0) await sleep(early);
      try {
        await send(i);
      } catch {
        errors++;
      }
      // From when it was due: time spent waiting for a free worker is
      // part of what the user of a stalled server waits.
      latenciesMs[i] = performance.now() - dueAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
