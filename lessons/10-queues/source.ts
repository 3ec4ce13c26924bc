// A source of items read one at a time, the way the lines of a file or the
// pages of an API are: nothing is read before it is asked for. It counts
// what it has handed out, so a run can show how far ahead of the workers
// the producer reads, and which items it never read at all.

/** The items of `items`, handed out one at a time as they are asked for;
 * read it once. */
export class CountedSource<T> implements AsyncIterable<T> {
  readonly #items: readonly T[];
  #read = 0;

  constructor(items: readonly T[]) {
    this.#items = items;
  }

  /** How many items have been handed out so far. */
  get read(): number {
    return this.#read;
  }

  /** The items not handed out yet. */
  unread(): T[] {
    return this.#items.slice(this.#read);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (const item of this.#items) {
      this.#read += 1;
      yield item;
    }
  }
}
