// Mistake: openLoop counts each latency from when a worker sent the request, so the time requests waited behind a stalled one is left out (coordinated omission).
// Rejected for: coordinated omission
import { setTimeout as sleep } from "node:timers/promises";
import type { Measured, Send } from "../solution.ts";

export { closedLoop } from "../solution.ts";

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
      // The clock starts when the request goes out.
      const sentAt = performance.now();
      try {
        await send(i);
      } catch {
        errors++;
      }
      latenciesMs[i] = performance.now() - sentAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
