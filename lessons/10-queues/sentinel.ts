// The original Python tutorial's program, retold: one producer, one
// consumer, an unbounded queue between them, and a sentinel (`null`) put
// last to tell the consumer there is nothing more to come.
import {
  fetchPath,
  type FetchOptions,
} from "../01-sync-vs-async/fetch-path.ts";
import { AsyncQueue } from "./queue.ts";

export interface SentinelTimes {
  /** How long making one item takes: a request to the server. */
  produceMs: number;
  /** How long handling one item takes: another request. */
  consumeMs: number;
}

// #region sentinel
/** Make `count` items and handle each one; resolve with the items in the
 * order the consumer handled them. */
export async function produceAndConsume(
  baseUrl: string,
  count: number,
  times: SentinelTimes,
  options: FetchOptions = {},
): Promise<number[]> {
  const queue = new AsyncQueue<number | null>();

  async function producer(): Promise<void> {
    for (let n = 1; n <= count; n++) {
      // Making an item is I/O too: the tutorial's producer sleeps here.
      await fetchPath(baseUrl, `/delay/${times.produceMs}?make=${n}`, options);
      await queue.put(n);
    }
    // The sentinel: no item is `null`, so it can only mean "no more".
    await queue.put(null);
  }

  async function consumer(): Promise<number[]> {
    const handled: number[] = [];
    for (;;) {
      const item = await queue.get();
      if (item === null) return handled;
      await fetchPath(
        baseUrl,
        `/delay/${times.consumeMs}?item=${item}`,
        options,
      );
      handled.push(item);
    }
  }

  const [, handled] = await Promise.all([producer(), consumer()]);
  return handled;
}
// #endregion
