// Mistake: The others are aborted, but `Promise.all` rejects at the first failure without waiting for them, so their cleanup is still running when it returns.
// Rejected for: before the aborted tasks had settled
import type { AllOrNothingOptions, Task } from "../solution.ts";

export type { AllOrNothingOptions, Task };

/** Start every task at once; resolve with the results in order, or reject
 * with the first failure once every task has settled. */
export async function allOrNothing<T>(
  tasks: readonly Task<T>[],
  options: AllOrNothingOptions = {},
): Promise<T[]> {
  const batch = new AbortController();
  const outer = options.signal === undefined ? [] : [options.signal];
  const signal = AbortSignal.any([batch.signal, ...outer]);
  return Promise.all(
    tasks.map((task) =>
      task(signal).catch((error: unknown) => {
        batch.abort();
        throw error;
      }),
    ),
  );
}
