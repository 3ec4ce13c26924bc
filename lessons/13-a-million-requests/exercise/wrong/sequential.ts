// Mistake: closedLoop awaits each request before it sends the next, so only one is ever in flight whatever `concurrency` says.
// Rejected for: one request at a time
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
  // One loop, one request at a time.
  for (; next < total; next++) {
    const startedAt = performance.now();
    try {
      await send(next);
    } catch {
      errors++;
    }
    latenciesMs[next] = performance.now() - startedAt;
  }
  void concurrency;
  return { latenciesMs, errors };
}
