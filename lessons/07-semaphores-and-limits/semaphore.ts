// A counting semaphore: at most `permits` holders at once. The others wait in
// line and get a permit in the order they asked for one.

// #region semaphore
export class Semaphore {
  readonly permits: number;
  #free: number;
  // Each waiter is the `resolve` of the promise its `acquire` returned.
  readonly #waiters: (() => void)[] = [];

  constructor(permits: number) {
    if (!Number.isInteger(permits) || permits < 1) {
      throw new RangeError(`permits must be a whole number >= 1: ${permits}`);
    }
    this.permits = permits;
    this.#free = permits;
  }

  /** Permits nobody holds right now. */
  get available(): number {
    return this.#free;
  }

  /** Callers waiting in line for a permit. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolve once a permit is ours; reject if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Take a free permit only if nobody is in line: no jumping the queue.
    if (this.#free > 0 && this.#waiters.length === 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        // Leave the line, or `release` would hand a permit to nobody.
        this.#waiters.splice(this.#waiters.indexOf(granted), 1);
        reject(signal?.reason);
      };
      const granted = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiters.push(granted);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Give a permit back: to the first in line, or to the pool. */
  release(): void {
    const next = this.#waiters.shift();
    // Handing the permit over directly keeps the order fair: a newcomer
    // cannot grab it between this release and the waiter waking up.
    if (next !== undefined) next();
    else if (this.#free === this.permits) {
      throw new Error("release() called more often than acquire()");
    } else this.#free += 1;
  }

  /** Run `task` holding a permit, and give it back however `task` ends. */
  async withPermit<T>(
    task: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
// #endregion
