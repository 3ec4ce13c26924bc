// Mistake: closedLoop lets a failed request reject, so the first 500 rejects the whole run instead of being counted in `errors`.
// Rejected for: must be counted
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
  const errors = 0;
  // The index of the next request nobody has taken yet.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      // Take the index before awaiting, so no other worker takes it too.
      const i = next++;
      const startedAt = performance.now();
      // A failure rejects this worker, and with it `Promise.all`.
      await send(i);
      latenciesMs[i] = performance.now() - startedAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
