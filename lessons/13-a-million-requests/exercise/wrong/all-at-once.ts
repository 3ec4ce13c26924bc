// Mistake: closedLoop starts all `total` requests at once with `Promise.all`, so `concurrency` limits nothing and the server sees every request in flight together.
// Rejected for: over the limit
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
  // Every request at once: each one times itself.
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const startedAt = performance.now();
      try {
        await send(i);
      } catch {
        errors++;
      }
      latenciesMs[i] = performance.now() - startedAt;
    }),
  );
  void concurrency;
  return { latenciesMs, errors };
}
