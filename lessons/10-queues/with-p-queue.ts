// The same pool with `p-queue`, the package most Node code reaches for: a
// queue of functions with at most `concurrency` of them running at once.
import PQueue from "p-queue";

export interface PQueueOptions<T> {
  /** How many items are handled at once: the pool's workers. */
  concurrency: number;
  /** How many may wait to start: the queue's capacity. */
  bound: number;
  handle: (item: T, signal: AbortSignal) => Promise<unknown>;
  /** Aborting it cancels: running items stop, waiting ones are dropped. */
  signal?: AbortSignal;
  /** Told the number of items waiting to start, after each `add`. */
  onSize?: (size: number) => void;
}

// #region p-queue
/** Every item handled, `concurrency` at a time, `bound` waiting at most. */
export async function handleWithPQueue<T>(
  items: readonly T[],
  options: PQueueOptions<T>,
): Promise<PromiseSettledResult<unknown>[]> {
  const { concurrency, bound, handle } = options;
  const signal = options.signal ?? new AbortController().signal;
  const queue = new PQueue({ concurrency });
  const tasks: Promise<unknown>[] = [];
  for (const item of items) {
    // p-queue has no bound of its own: waiting here for fewer than `bound`
    // waiting tasks is what `put` on a full queue does.
    await queue.onSizeLessThan(bound);
    if (signal.aborted) break;
    // With `signal`, p-queue drops the task if it is still waiting when
    // the signal aborts; a running one must stop by itself.
    const task = queue.add(() => handle(item, signal), { signal });
    tasks.push(task);
    options.onSize?.(queue.size);
  }
  // The join: every task has settled, handled or not.
  return Promise.allSettled(tasks);
}
// #endregion
