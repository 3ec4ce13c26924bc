// Mistake: closedLoop reads `next` before the await but moves it on only after, so workers that start together send the same request and skip others.
// Rejected for: same index
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
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next;
      const startedAt = performance.now();
      try {
        await send(i);
      } catch {
        errors++;
      }
      latenciesMs[i] = performance.now() - startedAt;
      // Moved on only now: the others have read the same `next` meanwhile.
      next++;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
