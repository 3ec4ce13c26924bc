// A lock for threads that share memory, built on one 32-bit word of a
// `SharedArrayBuffer`: spin a little with `Atomics.compareExchange`, then
// sleep in `Atomics.wait` until `unlock` wakes a sleeper with
// `Atomics.notify`. It blocks the thread that waits, so it is for workers:
// on the main thread it would stop the event loop.

// The three states of the lock word.
const UNLOCKED = 0;
const LOCKED = 1;
// Locked, and somebody may be asleep waiting for it.
const CONTENDED = 2;
// Tries before sleeping: a holder usually lets go within a few hundred
// nanoseconds, and a try costs less than a trip through the kernel.
const SPINS = 100;

// #region shared-lock
export class SharedLock {
  readonly cells: Int32Array;
  readonly index: number;

  /** The lock is the word `cells[index]`, which must start at 0. */
  constructor(cells: Int32Array, index = 0) {
    if (!(cells.buffer instanceof SharedArrayBuffer)) {
      throw new TypeError("a SharedLock needs a SharedArrayBuffer's memory");
    }
    this.cells = cells;
    this.index = index;
  }

  /** Take the lock if it is free, and say whether we got it. */
  tryLock(): boolean {
    const { cells, index } = this;
    return Atomics.compareExchange(cells, index, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /** Block until the lock is ours; return how many times we slept. */
  lock(): number {
    for (let spin = 0; spin < SPINS; spin++) {
      if (this.tryLock()) return 0;
    }
    const { cells, index } = this;
    let sleeps = 0;
    // Mark the word "contended" so that `unlock` knows to wake us. If it
    // was free, the lock is now ours (held as contended, which only costs
    // a spare wake-up later).
    while (Atomics.exchange(cells, index, CONTENDED) !== UNLOCKED) {
      // Sleep only while the word still says "contended": if the holder
      // let go in between, `wait` returns "not-equal" at once.
      if (Atomics.wait(cells, index, CONTENDED) === "ok") sleeps += 1;
    }
    return sleeps;
  }

  unlock(): void {
    const { cells, index } = this;
    const was = Atomics.exchange(cells, index, UNLOCKED);
    if (was === UNLOCKED) throw new Error("unlock() of a lock nobody holds");
    // Somebody may be asleep in `lock`: wake one of them.
    if (was === CONTENDED) Atomics.notify(cells, index, 1);
  }
}
// #endregion
