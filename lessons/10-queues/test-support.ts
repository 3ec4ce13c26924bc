// Helpers the lesson's tests share: reading item numbers back out of the
// server's log, where each request's path names its item (`?item=7`).
import type { RequestRecord } from "../../src/server/types.ts";

const ITEM = /item=(\d+)/;

/** The item numbers of `paths`, in their order. */
export function itemNumbers(paths: readonly string[]): string[] {
  return paths.map((path) => ITEM.exec(path)?.[1] ?? path);
}

/** How often the server saw a request for each item. */
export function timesRequested(
  requests: readonly RequestRecord[],
): Map<string, number> {
  const seen = new Map<string, number>();
  for (const request of requests) {
    const item = ITEM.exec(request.path)?.[1];
    if (item !== undefined) seen.set(item, (seen.get(item) ?? 0) + 1);
  }
  return seen;
}
