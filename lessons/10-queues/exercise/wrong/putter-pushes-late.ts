// Mistake: get() frees a place and only wakes the first waiting put(), which pushes its own item when it runs; a put() that comes in between takes the place first, and the woken one pushes too, past the bound.
// Rejected for: past its capacity
import { QueueClosedError } from "../../queue.ts";

// A waiting `get` is the resolver of the promise it returned; a waiting
// `put` is woken when there is room, and then pushes its item itself.
type Getter<T> = PromiseWithResolvers<T>;
type Putter = PromiseWithResolvers<void>;

export class BoundedQueue<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
  readonly #getters: Getter<T>[] = [];
  readonly #putters: Putter[] = [];
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
    // Full: join the end of the line, and wait for `get` to make room.
    if (this.#items.length >= this.capacity) {
      const putter = Promise.withResolvers<void>();
      this.#putters.push(putter);
      await putter.promise;
    }
    this.#items.push(item);
  }

  /** Take the oldest item; wait while the queue is empty. */
  async get(): Promise<T> {
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T;
      // A place came free: wake the first putter in line to take it.
      this.#putters.shift()?.resolve();
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
