// Mistake: closedLoop makes one task per request up front, each waiting for a permit of a semaphore (as the asyncio original does), and starts each one's clock when the task is made, so the wait for a free worker is counted as latency.
// Rejected for: the clock started before the request was sent
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
  // A semaphore: `free` permits, and the tasks waiting for one, in turn.
  let free = concurrency;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const wake = waiting.shift();
    if (wake) wake();
    else free++;
  };
  // One task per request, all made now; each waits for a permit.
  const task = async (i: number): Promise<void> => {
    const startedAt = performance.now();
    await acquire();
    try {
      await send(i);
    } catch {
      errors++;
    } finally {
      release();
    }
    latenciesMs[i] = performance.now() - startedAt;
  };
  await Promise.all(Array.from({ length: total }, (_, i) => task(i)));
  return { latenciesMs, errors };
}
