// A bounded async queue: `put` waits while it is full, `get` waits while it
// is empty, and both kinds of waiter are served in the order they came.
// `close` ends it: what is queued can still be taken, nothing more can come.

/** Thrown by `put` on a closed queue, and by `get` once it is closed and
 * empty: the end of the items, not a failure. */
export class QueueClosedError extends Error {
  constructor() {
    super("the queue is closed");
    this.name = "QueueClosedError";
  }
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (reason: unknown) => void;
}

interface Putter<T> extends Waiter<void> {
  item: T;
}

// #region wait-in-line
/** Join the end of `line` and wait to be served; leave it if `signal`
 * aborts first, so nobody is later served on our behalf. */
function waitInLine<V, W extends Waiter<V>>(
  line: W[],
  fields: Omit<W, keyof Waiter<V>>,
  signal: AbortSignal | undefined,
): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    const onAbort = (): void => {
      line.splice(line.indexOf(waiter), 1);
      reject(signal?.reason);
    };
    const done = (): void => signal?.removeEventListener("abort", onAbort);
    const waiter = {
      ...fields,
      resolve: (value: V): void => {
        done();
        resolve(value);
      },
      reject: (reason: unknown): void => {
        done();
        reject(reason);
      },
    } as W;
    line.push(waiter);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
// #endregion

// #region queue
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
  // Getters wait only while `#items` is empty, putters only while it is
  // full, so at most one of the two lines is ever in use.
  readonly #getters: Waiter<T>[] = [];
  readonly #putters: Putter<T>[] = [];
  #closed = false;

  /** A queue of at most `capacity` items; `Infinity` for no bound. */
  constructor(capacity = Infinity) {
    if (capacity !== Infinity && !(Number.isInteger(capacity) && capacity > 0))
      throw new RangeError(`capacity must be a whole number >= 1: ${capacity}`);
    this.capacity = capacity;
  }

  /** Items waiting to be taken. */
  get size(): number {
    return this.#items.length;
  }

  get closed(): boolean {
    return this.#closed;
  }
  // #endregion

  // #region put
  /** Add `item` at the end; wait while the queue is full. */
  put(item: T, signal?: AbortSignal): Promise<void> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    // A getter waits only on an empty queue: the item goes straight to
    // the first one in line, and never sits in `#items` at all.
    const getter = this.#getters.shift();
    if (getter !== undefined) getter.resolve(item);
    else if (this.#items.length < this.capacity) this.#items.push(item);
    else return waitInLine(this.#putters, { item }, signal);
    return Promise.resolve();
  }
  // #endregion

  // #region get
  /** Take the oldest item; wait while the queue is empty. */
  get(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T;
      // The freed place goes to the first waiting putter at once, so a
      // newcomer's `put` cannot take it before the putter wakes up.
      const putter = this.#putters.shift();
      if (putter !== undefined) {
        this.#items.push(putter.item);
        putter.resolve();
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.reject(new QueueClosedError());
    return waitInLine(this.#getters, {}, signal);
  }
  // #endregion

  // #region close
  /** No more puts. Queued items can still be taken; then `get` rejects. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Getters wait only on an empty queue, and now nothing can arrive:
    // wake every one of them, or they would wait for ever. Putters still
    // waiting for room are turned away, as asyncio's `shutdown()` does.
    for (const getter of this.#getters.splice(0)) {
      getter.reject(new QueueClosedError());
    }
    for (const putter of this.#putters.splice(0)) {
      putter.reject(new QueueClosedError());
    }
  }

  /** `for await (const item of queue)`: every item, until it is closed
   * and empty. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let item: T;
      try {
        item = await this.get();
      } catch (error) {
        if (error instanceof QueueClosedError) return;
        throw error;
      }
      yield item;
    }
  }
}
// #endregion
