// Mistake: closedLoop pushes each latency when its answer comes, so latenciesMs is in the order of the answers, not indexed by request.
// Rejected for: not by request
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
  const latenciesMs: number[] = [];
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
        errors++;
      }
      // One latency per request, in the order the answers come.
      latenciesMs.push(performance.now() - startedAt);
    }
  };
  const workers = Math.min(concurrency, total);
  await Promise.all(Array.from({ length: workers }, worker));
  return { latenciesMs, errors };
}
