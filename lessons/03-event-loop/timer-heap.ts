// A binary min-heap of timers: the toy loop asks it "what is due first?"
// in O(1) and removes that timer in O(log n), like Python's `heapq` does for
// asyncio's scheduled callbacks.

interface Entry<T> {
  due: number;
  // Timers due at the same moment leave in the order they were added.
  seq: number;
  value: T;
}

export class TimerHeap<T> {
  #entries: Entry<T>[] = [];
  #nextSeq = 0;

  get size(): number {
    return this.#entries.length;
  }

  /** The earliest due time, or undefined when the heap is empty. */
  peekDue(): number | undefined {
    return this.#entries[0]?.due;
  }

  push(due: number, value: T): void {
    this.#entries.push({ due, seq: this.#nextSeq++, value });
    this.#siftUp(this.#entries.length - 1);
  }

  // #region pop
  /** Remove and return the earliest timer's value. */
  pop(): T | undefined {
    const first = this.#entries[0];
    const last = this.#entries.pop();
    if (first === undefined || last === undefined) return undefined;
    // Move the last leaf to the root and let it sink to its place.
    if (first !== last) {
      this.#entries[0] = last;
      this.#siftDown(0);
    }
    return first.value;
  }
  // #endregion pop

  #before(i: number, j: number): boolean {
    const a = this.#at(i);
    const b = this.#at(j);
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #at(i: number): Entry<T> {
    const entry = this.#entries[i];
    if (entry === undefined) throw new RangeError(`no heap entry at ${i}`);
    return entry;
  }

  #swap(i: number, j: number): void {
    const a = this.#at(i);
    this.#entries[i] = this.#at(j);
    this.#entries[j] = a;
  }

  #siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.#before(child, parent)) return;
      this.#swap(child, parent);
      child = parent;
    }
  }

  #siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.size && this.#before(left, smallest)) smallest = left;
      if (right < this.size && this.#before(right, smallest)) smallest = right;
      if (smallest === parent) return;
      this.#swap(parent, smallest);
      parent = smallest;
    }
  }
}
