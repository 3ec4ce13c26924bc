// Mistake: Each result is pushed when its task finishes, so the results come back in the order they finished, not the order of the tasks.
// Rejected for: the results came back as
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
  const results: T[] = [];
  const pending = tasks.map((task) =>
    task(signal).then(
      (result) => void results.push(result),
      (error: unknown) => {
        firstFailure ??= { error };
        batch.abort();
      },
    ),
  );
  await Promise.all(pending);
  if (firstFailure !== undefined) throw firstFailure.error;
  return results;
}
