// Mistake: size counts the put() calls waiting for room as if their items were already in the queue, so a full queue of 2 with a put() waiting says it holds 3.
// Rejected for: size was 3
import { BoundedQueue as Solution } from "../solution.ts";

export class BoundedQueue<T> extends Solution<T> {
  #waiting = 0;

  /** Add `item` at the end, and count it while it waits for room. */
  override async put(item: T): Promise<void> {
    const full = super.size >= this.capacity;
    if (full) this.#waiting += 1;
    try {
      await super.put(item);
    } finally {
      if (full) this.#waiting -= 1;
    }
  }

  /** Items in the queue, and the items of the putters waiting for room. */
  override get size(): number {
    return super.size + this.#waiting;
  }
}
