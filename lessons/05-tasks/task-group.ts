// A task group built by hand, after Python's `asyncio.TaskGroup`: every task
// it starts gets an `AbortSignal`; the first failure aborts the others; the
// group settles only once every task has settled, so nothing outlives it.

/** What the group's body uses to start tasks. */
export interface TaskGroup<T> {
  /** Aborted when a task fails, the body throws, or the outer signal aborts. */
  readonly signal: AbortSignal;
  /** Start `task` now; the returned promise is its handle. */
  spawn(task: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export interface TaskGroupOptions {
  /** Abort the whole group from outside, e.g. from an enclosing group. */
  signal?: AbortSignal;
}

/** The reason siblings are aborted with; never reported as a failure. */
export const SIBLING_FAILED = "a sibling task failed";

// #region aborted-by
/**
 * Whether `error` is the group's own abort coming back. `fetch` rejects
 * with the signal's reason itself; `timers/promises` and `events.once`
 * reject with an `AbortError` of their own whose `cause` is the reason.
 */
export function isAbortBy(error: unknown, signal: AbortSignal): boolean {
  if (error === signal.reason) return true;
  return (
    error instanceof Error &&
    error.name === "AbortError" &&
    error.cause === signal.reason
  );
}
// #endregion

// #region task-group
/**
 * Run `body`, which spawns tasks. Resolves with the tasks' results in the
 * order they were spawned. If any task fails (or the body throws), aborts
 * the rest, waits for every task to settle, then rejects with an
 * `AggregateError` of the failures in the order they happened. Rejections
 * caused by the group's own abort are not failures and are left out.
 */
export async function taskGroup<T>(
  body: (group: TaskGroup<T>) => void | Promise<void>,
  options: TaskGroupOptions = {},
): Promise<T[]> {
  const controller = new AbortController();
  const tasks: Promise<T>[] = [];
  const failures: unknown[] = [];
  let finished = false;

  const fail = (error: unknown): void => {
    // A task that stopped because we aborted it did not fail on its own.
    if (controller.signal.aborted && isAbortBy(error, controller.signal)) {
      return;
    }
    failures.push(error);
    controller.abort(new DOMException(SIBLING_FAILED, "AbortError"));
  };
  const forwardAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardAbort();
  options.signal?.addEventListener("abort", forwardAbort);

  const group: TaskGroup<T> = {
    signal: controller.signal,
    spawn(task) {
      if (finished) throw new Error("spawn() after the task group finished");
      // An async wrapper turns a synchronous throw into a rejection too.
      const handle = (async () => task(controller.signal))();
      // Handled here, so a forgotten handle is never an unhandled rejection.
      handle.catch(fail);
      tasks.push(handle);
      return handle;
    },
  };

  try {
    await body(group);
  } catch (error) {
    fail(error);
  }
  // Tasks may spawn more tasks while we wait: wait until the list stops
  // growing, so that every task has settled before the group does.
  for (let waited = 0; waited < tasks.length;) {
    const batch = tasks.slice(waited);
    waited = tasks.length;
    await Promise.allSettled(batch);
  }
  finished = true;
  options.signal?.removeEventListener("abort", forwardAbort);

  if (failures.length > 0) {
    const first = failures[0];
    const reason = first instanceof Error ? first.message : String(first);
    const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : "";
    throw new AggregateError(failures, `task group failed: ${reason}${more}`);
  }
  if (controller.signal.aborted) throw controller.signal.reason;
  return Promise.all(tasks);
}
// #endregion
