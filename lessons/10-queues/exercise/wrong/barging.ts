// Mistake: put() wakes a waiting get() but leaves the item in the queue for it to take later, so a get() that arrives in between takes it first.
// Rejected for: jumped the line
import { QueueClosedError } from "../../queue.ts";

// A waiting `get` is woken with nothing, and then takes the item itself; a
// waiting `put` keeps its item beside its resolver.
type Getter = PromiseWithResolvers<void>;
type Putter<T> = PromiseWithResolvers<void> & { item: T };

export class BoundedQueue<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
  readonly #getters: Getter[] = [];
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
    // Full: join the end of the line, and wait for `get` to let us in.
    if (this.#items.length >= this.capacity) {
      const putter = { ...Promise.withResolvers<void>(), item };
      this.#putters.push(putter);
      return putter.promise;
    }
    this.#items.push(item);
    // Wake the first getter in line: it takes the item when it runs.
    this.#getters.shift()?.resolve();
  }

  /** Take the oldest item; wait while the queue is empty. */
  async get(): Promise<T> {
    if (this.#items.length === 0) {
      if (this.#closed) throw new QueueClosedError();
      // Empty: join the end of the line, and wait for `put` to wake us.
      const getter = Promise.withResolvers<void>();
      this.#getters.push(getter);
      await getter.promise;
    }
    const item = this.#items.shift() as T;
    // A place came free: the first putter in line takes it now.
    const putter = this.#putters.shift();
    if (putter !== undefined) {
      this.#items.push(putter.item);
      putter.resolve();
    }
    return item;
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
