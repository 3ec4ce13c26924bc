// Mistake: get() and put() busy-poll: they look again every few ms with setTimeout instead of waiting to be woken.
// Rejected for: polling
import { setTimeout as sleep } from "node:timers/promises";
import { QueueClosedError } from "../../queue.ts";

export class BoundedQueue<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
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

  /** Add `item` at the end; look again later while the queue is full. */
  async put(item: T): Promise<void> {
    while (this.#items.length >= this.capacity) {
      if (this.#closed) throw new QueueClosedError();
      await sleep(5);
    }
    if (this.#closed) throw new QueueClosedError();
    this.#items.push(item);
  }

  /** Take the oldest item; look again later while the queue is empty. */
  async get(): Promise<T> {
    while (this.#items.length === 0) {
      if (this.#closed) throw new QueueClosedError();
      await sleep(5);
    }
    return this.#items.shift() as T;
  }

  /** No more puts; the pollers see it on their next look. */
  close(): void {
    this.#closed = true;
  }
}
