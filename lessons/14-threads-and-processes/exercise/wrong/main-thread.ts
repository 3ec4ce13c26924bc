// Mistake: imports the task and runs it on the main thread, so nothing runs in parallel and the event loop stalls.
// Rejected for: on the main thread
export interface PoolOptions {
  size: number;
  signal?: AbortSignal;
}

export async function runInPool(
  task: URL,
  inputs: readonly unknown[],
  { signal }: PoolOptions,
): Promise<PromiseSettledResult<unknown>[]> {
  const module = (await import(task.href)) as {
    default: (input: unknown) => unknown;
  };
  const results: PromiseSettledResult<unknown>[] = [];
  for (const input of inputs) {
    signal?.throwIfAborted();
    try {
      results.push({ status: "fulfilled", value: await module.default(input) });
    } catch (reason) {
      results.push({ status: "rejected", reason });
    }
  }
  return results;
}
