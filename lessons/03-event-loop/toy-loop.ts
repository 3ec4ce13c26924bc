// A small event loop built from scratch: a ready queue, a timer heap and a
// queue of I/O completions, run one "tick" at a time like asyncio's
// `BaseEventLoop._run_once`. JavaScript cannot call epoll itself, so the
// waiting step sits on Node's own loop: a watched socket event pushes its
// callback into this loop's queue and wakes it up.
import type { EventEmitter } from "node:events";
import { TimerHeap } from "./timer-heap.ts";

type Callback = () => void;

/** Where a callback came from, for the loop's trace. */
export type CallbackSource = "ready" | "timer" | "io";

export interface TraceEntry {
  tick: number;
  source: CallbackSource;
  name: string;
}

interface Queued {
  source: CallbackSource;
  name: string;
  fn: Callback;
}

export class ToyLoop {
  readonly trace: TraceEntry[] = [];
  #ready: Queued[] = [];
  #timers = new TimerHeap<Queued>();
  #completions: Queued[] = [];
  #watchers = new Set<() => void>();
  #wake: Callback | undefined;
  #tick = 0;

  callSoon(fn: Callback, name = fn.name): void {
    this.#ready.push({ source: "ready", name, fn });
  }

  callLater(ms: number, fn: Callback, name = fn.name): void {
    const due = performance.now() + ms;
    this.#timers.push(due, { source: "timer", name, fn });
  }

  // #region watch
  /**
   * Watch a Node event source (a socket) the way a selector watches a file
   * descriptor. Returns a function that stops watching. While anything is
   * watched, `run()` keeps waiting for I/O.
   */
  watch<A extends unknown[]>(
    source: EventEmitter,
    event: string,
    callback: (...args: A) => void,
    name = event,
  ): () => void {
    const listener = (...args: A): void => {
      // Node calls this from its own loop: queue the work and wake ours.
      this.#completions.push({
        source: "io",
        name,
        fn: () => callback(...args),
      });
      this.#wake?.();
    };
    source.on(event, listener as (...args: unknown[]) => void);
    const unwatch = (): void => {
      source.off(event, listener as (...args: unknown[]) => void);
      this.#watchers.delete(unwatch);
    };
    this.#watchers.add(unwatch);
    return unwatch;
  }
  // #endregion watch

  // #region run
  /** Run ticks until nothing is ready, scheduled or watched. */
  async run(): Promise<void> {
    while (this.#hasWork()) await this.#runOnce();
  }

  async #runOnce(): Promise<void> {
    this.#tick += 1;
    // Wait for I/O, but no longer than the earliest timer; not at all if
    // callbacks are already ready to run.
    await this.#select(this.#timeout());
    this.#ready.push(...this.#completions.splice(0));
    // Timers that are due join the ready queue, earliest first.
    const now = performance.now();
    while ((this.#timers.peekDue() ?? Infinity) <= now) {
      const timer = this.#timers.pop();
      if (timer !== undefined) this.#ready.push(timer);
    }
    // Run only what is ready now: callbacks these schedule wait a tick.
    for (const item of this.#ready.splice(0, this.#ready.length)) {
      this.trace.push({
        tick: this.#tick,
        source: item.source,
        name: item.name,
      });
      item.fn();
    }
  }
  // #endregion run

  #hasWork(): boolean {
    return (
      this.#ready.length > 0 ||
      this.#completions.length > 0 ||
      this.#timers.size > 0 ||
      this.#watchers.size > 0
    );
  }

  #timeout(): number {
    if (this.#ready.length > 0 || this.#completions.length > 0) return 0;
    const due = this.#timers.peekDue();
    if (due === undefined) return Infinity;
    return Math.max(0, due - performance.now());
  }

  // The stand-in for `selector.select(timeout)`: resolve when an I/O
  // completion arrives or the timeout passes. A zero timeout still lets
  // Node's poll phase run once (via `setImmediate`), so I/O is not starved.
  #select(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wakeUp = (): void => {
        clearTimeout(timer);
        clearImmediate(immediate);
        this.#wake = undefined;
        resolve();
      };
      const immediate = timeoutMs === 0 ? setImmediate(wakeUp) : undefined;
      const timer =
        timeoutMs > 0 && Number.isFinite(timeoutMs)
          ? setTimeout(wakeUp, Math.ceil(timeoutMs))
          : undefined;
      this.#wake = wakeUp;
    });
  }
}
