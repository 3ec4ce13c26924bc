// Mistake: After aborting and waiting, it throws the first rejection in the order of the list, which is an aborted sibling's `AbortError`, not the failure that started it.
// Rejected for: instead of the failure that started it
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
  const pending = tasks.map((task) =>
    task(signal).catch((error: unknown) => {
      batch.abort();
      throw error;
    }),
  );
  const settled = await Promise.allSettled(pending);
  const rejected = settled.find((result) => result.status === "rejected");
  if (rejected !== undefined) throw rejected.reason;
  return Promise.all(pending);
}
