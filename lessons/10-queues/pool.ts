// A pool of workers fed by a queue: a fixed number of long-lived consumers,
// each taking the next item until the queue is closed and empty. It shuts
// down in one of two ways: drain (finish what is queued) or cancel (stop
// the items in hand and leave the rest), and accounts for every item.
import { AsyncQueue, QueueClosedError } from "./queue.ts";

/** What the pool needs of a queue: the lesson's `AsyncQueue`, or yours. */
export interface Queue<T> {
  readonly size: number;
  readonly capacity: number;
  put(item: T): Promise<void>;
  get(): Promise<T>;
  close(): void;
}

/** Told as items move, for traces and pictures; `depth` is the queue's
 * size right after the event. */
export type PoolEvent<T> =
  | { type: "waits-for-room"; item: T; depth: number }
  | { type: "queued"; item: T; depth: number }
  | { type: "taken"; item: T; depth: number; worker: number }
  | { type: "finished"; item: T; depth: number; worker: number };

export interface PoolReport<T> {
  /** Handled to the end, in the order they finished. */
  handled: T[];
  /** In a worker's hands when the pool was cancelled, and stopped. */
  cancelled: T[];
  /** Their handler threw (not because of a cancel). */
  failed: { item: T; error: unknown }[];
  /** Still queued when the pool shut down, or turned away by the closed
   * queue. Items the producer never read from its source are in no list:
   * they are still in the source. */
  notStarted: T[];
}

export interface PoolOptions<T> {
  workers: number;
  /** Handle one item; stop early when `signal` aborts. */
  handle: (item: T, signal: AbortSignal) => Promise<unknown>;
  onEvent?: (event: PoolEvent<T>) => void;
}

/** Take every item still in a closed queue. */
async function takeRest<T>(queue: Queue<T>): Promise<T[]> {
  const rest: T[] = [];
  for (;;) {
    try {
      rest.push(await queue.get());
    } catch (error) {
      if (error instanceof QueueClosedError) return rest;
      throw error;
    }
  }
}

// #region pool
export class WorkerPool<T> {
  readonly #queue: Queue<T>;
  readonly #options: PoolOptions<T>;
  readonly #cancel = new AbortController();
  readonly #report: PoolReport<T> = {
    handled: [],
    cancelled: [],
    failed: [],
    notStarted: [],
  };
  /** Settles once every worker has stopped. */
  readonly #stopped: Promise<unknown>;
  #finished: Promise<PoolReport<T>> | undefined;

  constructor(queue: Queue<T>, options: PoolOptions<T>) {
    this.#queue = queue;
    this.#options = options;
    // Every worker starts now and waits in `get` until an item comes.
    const workers = Array.from({ length: options.workers }, (_, i) =>
      this.#work(i + 1),
    );
    this.#stopped = Promise.all(workers);
    // A worker that throws is reported by `drain` or `cancel`, not here.
    this.#stopped.catch(() => {});
  }

  async #work(worker: number): Promise<void> {
    const signal = this.#cancel.signal;
    while (!signal.aborted) {
      let item: T;
      try {
        item = await this.#queue.get();
      } catch (error) {
        // Closed and empty: the normal end of a worker's life.
        if (error instanceof QueueClosedError) return;
        throw error;
      }
      // Taken just as the cancel came: it was never started.
      if (signal.aborted) {
        this.#report.notStarted.push(item);
        return;
      }
      this.#emit("taken", item, worker);
      try {
        await this.#options.handle(item, signal);
        this.#report.handled.push(item);
      } catch (error) {
        if (signal.aborted) this.#report.cancelled.push(item);
        else this.#report.failed.push({ item, error });
      }
      this.#emit("finished", item, worker);
    }
  }
  // #endregion

  #emit(type: "taken" | "finished", item: T, worker: number): void {
    const depth = this.#queue.size;
    this.#options.onEvent?.({ type, item, worker, depth });
  }

  // #region shutdown
  /** Close the queue: the workers finish every item in it, then stop. */
  drain(): Promise<PoolReport<T>> {
    this.#queue.close();
    return (this.#finished ??= this.#finish());
  }

  /** Stop now: abort the items in hand, and leave the queued ones. */
  cancel(reason?: unknown): Promise<PoolReport<T>> {
    this.#cancel.abort(reason);
    // Closing wakes the workers that wait in `get`, so they see the cancel.
    this.#queue.close();
    return (this.#finished ??= this.#finish());
  }

  async #finish(): Promise<PoolReport<T>> {
    await this.#stopped;
    // After a cancel, what the workers did not take is still in the queue.
    if (this.#cancel.signal.aborted) {
      this.#report.notStarted.push(...(await takeRest(this.#queue)));
    }
    return this.#report;
  }
  // #endregion
}

// #region produce
/** Put each item of `source` in turn, waiting for room. The next item is
 * read only once the last one is in, so the source is read no faster than
 * the workers take. Resolve with the item a closed queue turned away, if
 * any; what the source has not handed out yet stays in it. A close is seen
 * at the next `put`, so a source slow to hand out its next item holds the
 * producer until it does. */
export async function produce<T>(
  queue: Queue<T>,
  source: Iterable<T> | AsyncIterable<T>,
  onEvent?: (event: PoolEvent<T>) => void,
): Promise<T[]> {
  for await (const item of source) {
    if (queue.size >= queue.capacity) {
      onEvent?.({ type: "waits-for-room", item, depth: queue.size });
    }
    try {
      await queue.put(item);
    } catch (error) {
      // Leaving the loop ends the source too (its `return()`), so a file
      // behind it is closed.
      if (error instanceof QueueClosedError) return [item];
      throw error;
    }
    onEvent?.({ type: "queued", item, depth: queue.size });
  }
  return [];
}
// #endregion

export interface PipelineOptions<T> extends PoolOptions<T> {
  /** The queue between producer and workers; `AsyncQueue(capacity)`
   * unless given. */
  queue?: Queue<T>;
  capacity?: number;
  /** Aborting it drains: no more items are put, the queued ones finish. */
  drain?: AbortSignal;
  /** Aborting it cancels: the items in hand stop, the rest are left. */
  signal?: AbortSignal;
}

// #region pipeline
/** One producer putting the items of `source`, a pool of workers handling
 * them; it ends when the source is done and every item handled, or when a
 * drain or a cancel is asked for. */
export async function runPipeline<T>(
  source: Iterable<T> | AsyncIterable<T>,
  options: PipelineOptions<T>,
): Promise<PoolReport<T>> {
  const queue = options.queue ?? new AsyncQueue<T>(options.capacity);
  // The workers start first, so the first items go straight to them.
  const pool = new WorkerPool(queue, options);
  // Either request closes the queue, so the producer stops putting. Their
  // promise is the one `pool.drain()` returns below, awaited there.
  const cancel = (): void => {
    pool.cancel(options.signal?.reason).catch(() => {});
  };
  const drain = (): void => {
    pool.drain().catch(() => {});
  };
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener("abort", cancel, { once: true });
  options.drain?.addEventListener("abort", drain, { once: true });
  try {
    const notPut = await produce(queue, source, options.onEvent).catch(
      async (error: unknown) => {
        // The source failed: stop the pool, then say why.
        await pool.cancel(error).catch(() => {});
        throw error;
      },
    );
    // Draining after the last item is the normal end; after a cancel it
    // only waits for the pool to finish stopping.
    const report = await pool.drain();
    report.notStarted.push(...notPut);
    return report;
  } finally {
    options.signal?.removeEventListener("abort", cancel);
    options.drain?.removeEventListener("abort", drain);
  }
}
// #endregion
