// Mistake: closedLoop gives every request the same latency, the run's time divided by the requests, so the slow request disappears into the average.
// Rejected for: not an average
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
  const runStart = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      try {
        await send(i);
      } catch {
        errors++;
      }
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  // The mean time per request, for every request.
  const mean = ((performance.now() - runStart) * workers) / total;
  latenciesMs.fill(mean);
  return { latenciesMs, errors };
}
