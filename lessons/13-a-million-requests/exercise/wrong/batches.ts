// Mistake: closedLoop sends `concurrency` requests, waits for all of them with `Promise.all`, then sends the next batch, so one slow request holds every worker.
// Rejected for: ran in batches
import type { Measured, Send } from "../solution.ts";

export { openLoop } from "../solution.ts";

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
  // `concurrency` at a time, and wait for the whole batch.
  for (; next < total; next += concurrency) {
    const batch = Array.from(
      { length: Math.min(concurrency, total - next) },
      (_, k) => next + k,
    );
    await Promise.all(
      batch.map(async (i) => {
        const startedAt = performance.now();
        try {
          await send(i);
        } catch {
          errors++;
        }
        latenciesMs[i] = performance.now() - startedAt;
      }),
    );
  }
  return { latenciesMs, errors };
}
