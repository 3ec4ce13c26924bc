// Mistake: openLoop never waits until a request is due, so it sends as fast as its workers can: a closed loop under another name.
// Rejected for: ignored the rate
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
      // Sent at once, whenever a worker is free.
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
