// Mistake: After the abort it waits a fixed 50 ms instead of for the tasks themselves, which is not long enough for their cleanup.
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
  let firstFailure: { error: unknown } | undefined;
  const pending = tasks.map((task) =>
    task(signal).catch((error: unknown) => {
      firstFailure ??= { error };
      batch.abort();
      throw error;
    }),
  );
  try {
    return await Promise.all(pending);
  } catch {
    // Give the others a moment to stop, then report the failure.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw firstFailure?.error;
  }
}
