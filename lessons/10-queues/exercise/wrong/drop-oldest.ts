// Mistake: a ring buffer: put() on a full queue resolves at once and pushes the oldest item out to make room, so the consumer never sees it.
// Rejected for: item 1 never came out
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
    // Full: make room by letting the oldest item go.
    if (this.#items.length >= this.capacity) this.#items.shift();
    this.#items.push(item);
  }

  /** Take the oldest item; wait while the queue is empty. */
  async get(): Promise<T> {
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T;
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
