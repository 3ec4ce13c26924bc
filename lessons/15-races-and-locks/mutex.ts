// A FIFO async mutex, by hand: one holder at a time. The others wait in line
// and get the lock in the order they asked for it; a waiter whose signal
// aborts leaves the line.

/** Gives the lock back. Calling it a second time does nothing. */
export type Release = () => void;

// #region mutex
export class Mutex {
  #held = false;
  // Each waiter is the function that hands it the lock.
  readonly #line: (() => void)[] = [];

  /** Someone holds the lock right now. */
  get locked(): boolean {
    return this.#held;
  }

  /** Callers waiting in line for the lock. */
  get waiting(): number {
    return this.#line.length;
  }

  /** Resolve with a `Release` once the lock is ours; reject with the
   * signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        // Leave the line, or a release would hand the lock to nobody.
        this.#line.splice(this.#line.indexOf(granted), 1);
        reject(signal?.reason);
      };
      const granted = (): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.#releaser());
      };
      this.#line.push(granted);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#line.shift();
      // Hand the lock straight to the first in line: it stays held, so a
      // newcomer cannot take it between this release and that waiter
      // waking up.
      if (next !== undefined) next();
      else this.#held = false;
    };
  }

  /** Run `task` holding the lock, and give it back however `task` ends. */
  async runExclusive<T>(
    task: () => Promise<T> | T,
    signal?: AbortSignal,
  ): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }
}
// #endregion
