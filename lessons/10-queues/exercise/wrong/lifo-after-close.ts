// Mistake: after close(), get() hands out what is left from the end of the queue (pop), newest first.
// Rejected for: came out as 4, 3, 2, 1
import { QueueClosedError } from "../../queue.ts";

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
    // Someone waits for an item: hand it over, and keep no copy.
    const getter = this.#getters.shift();
    if (getter !== undefined) return getter.resolve(item);
    // Full: join the end of the line, and wait for `get` to let us in.
    if (this.#items.length >= this.capacity) {
      const putter = { ...Promise.withResolvers<void>(), item };
      this.#putters.push(putter);
      return putter.promise;
    }
    this.#items.push(item);
  }

  /** Take the oldest item; wait while the queue is empty. */
  async get(): Promise<T> {
    if (this.#items.length > 0) {
      // Closed: nothing more can come, so the order no longer matters.
      const item = (
        this.#closed ? this.#items.pop() : this.#items.shift()
      ) as T;
      // A place came free: the first putter in line takes it now.
      const putter = this.#putters.shift();
      if (putter !== undefined) {
        this.#items.push(putter.item);
        putter.resolve();
      }
      return item;
    }
    if (this.#closed) throw new QueueClosedError();
    // Empty: join the end of the line, and wait for `put` to hand us one.
    const getter = Promise.withResolvers<T>();
    this.#getters.push(getter);
    return getter.promise;
  }

  /** No more puts; everyone still waiting is told so. */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#getters, ...this.#putters]) {
      waiter.reject(new QueueClosedError());
    }
    this.#getters.length = 0;
    this.#putters.length = 0;
  }
}
