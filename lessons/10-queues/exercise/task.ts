// Exercise: a bounded queue. `put` waits while the queue is full, `get`
// waits while it is empty, waiters are served first come, first served, and
// `close` wakes everyone still waiting.
import { QueueClosedError } from "../queue.ts";

// A waiting `get` is the resolver of the promise it returned; a waiting
// `put` keeps its item beside its resolver.
type Getter<T> = PromiseWithResolvers<T>;
type Putter<T> = PromiseWithResolvers<void> & { item: T };

export class BoundedQueue<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
  readonly #getters: Getter<T>[] = [];
  readonly #putters: Putter<T>[] = [];
  #closed = false;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a whole number >= 1: ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Items waiting to be taken. */
  get size(): number {
    return this.#items.length;
  }

  /** Add `item` at the end; wait while the queue is full. */
  async put(item: T): Promise<void> {
    if (this.#closed) throw new QueueClosedError();
    // TODO: if a getter waits, resolve the first one with `item` instead,
    // and return without keeping a copy.
    // TODO: if the queue is full, join the end of `#putters` with the item
    // (`Promise.withResolvers`) and return its promise.
    this.#items.push(item);
  }

  /** Take the oldest item; wait while the queue is empty. */
  async get(): Promise<T> {
    // TODO: when an item is taken, move the first waiting putter's item in
    // and resolve that putter.
    // TODO: if the queue is empty, reject when it is closed; otherwise join
    // the end of `#getters` and return the promise `put` will resolve.
    return this.#items.shift() as T;
  }

  /** No more puts; everyone still waiting is told so. */
  close(): void {
    this.#closed = true;
    // TODO: first reject every waiting getter and putter with a
    // QueueClosedError: emptying the lines alone leaves them hanging.
    this.#getters.length = 0;
    this.#putters.length = 0;
  }
}
