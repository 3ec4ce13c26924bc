// Mistake: closedLoop sends a failed request once more before counting it, so the server gets it twice and the load is not what was asked for.
// Rejected for: does not send the request again
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
      // Take the index before awaiting, so no other worker takes it too.
      const i = next++;
      const startedAt = performance.now();
      try {
        await send(i);
      } catch {
        // Perhaps it was bad luck: one more try before it counts.
        try {
          await send(i);
        } catch {
          errors++;
        }
      }
      latenciesMs[i] = performance.now() - startedAt;
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
