// Mistake: as asyncio does, get() only wakes the first waiting put(), which looks again when it runs; if a put() that came in between took the place, it joins the end of the line again, so the put() that waited longest is overtaken.
// Rejected for: overtaken
import { QueueClosedError } from "../../queue.ts";

// A waiting `get` is the resolver of the promise it returned; a waiting
// `put` is woken when there is room, and then looks again.
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
    // Full: join the end of the line, wait to be woken, and look again.
    while (this.#items.length >= this.capacity) {
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
      // A place came free: wake the first putter in line to look again.
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
