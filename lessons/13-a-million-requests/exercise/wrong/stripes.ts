// Mistake: closedLoop gives each worker its own stripe of the requests (w, w + concurrency, ...), so the requests behind a slow one wait for it while the other workers run out of work.
// Rejected for: did not take the requests in turn
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
  // Worker `w` sends requests w, w + concurrency, w + 2 * concurrency...
  const worker = async (w: number): Promise<void> => {
    for (let i = w; i < total; i += concurrency) {
      const startedAt = performance.now();
      try {
        await send(i);
      } catch {
        errors++;
      }
      latenciesMs[i] = performance.now() - startedAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { latenciesMs, errors };
}
