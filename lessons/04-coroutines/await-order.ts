// What `await` does, shown by the order in which lines run.

// #region order
/** Call an async function and log what runs when. */
export async function awaitOrder(): Promise<string[]> {
  const log: string[] = [];
  async function worker(): Promise<string> {
    log.push("worker: runs at once, up to its first await");
    await null;
    // The rest of `worker` is a continuation: a microtask queued when the
    // awaited value was ready, run once the current code has finished.
    log.push("worker: resumes after the await");
    return "the worker's result";
  }
  setTimeout(() => log.push("setTimeout 0: the next macrotask"), 0);
  log.push("main: calls worker()");
  const promise = worker();
  log.push(`main: worker() returned a ${promise.constructor.name}`);
  log.push("main: goes on with its own synchronous code");
  const result = await promise;
  log.push(`main: awaited ${JSON.stringify(result)}`);
  // Let the timer run: it had to wait for all of the above.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return log;
}
// #endregion

// #region rejection
/** A `throw` inside an async function becomes a rejected promise. */
export async function throwBecomesRejection(): Promise<string[]> {
  const log: string[] = [];
  async function fails(): Promise<never> {
    throw new Error("boom");
  }
  // Calling `fails` does not throw here: the error is kept in the promise.
  const promise = fails();
  log.push("calling fails() did not throw; it returned a promise");
  try {
    await promise;
  } catch (err) {
    // `await` on a rejected promise throws the error at this line.
    log.push(`await threw: ${(err as Error).message}`);
  }
  return log;
}
// #endregion
