// Mistake: for an empty list it returns without a word, so nothing ever calls done.
// Rejected for: done was never called for an empty list
import { getAllAtOnce as getEvery } from "../solution.ts";
import type { AllCallback } from "../solution.ts";

export type { AllCallback };

export function getAllAtOnce(urls: string[], done: AllCallback): void {
  // Nothing to fetch, so nothing to do.
  if (urls.length === 0) return;
  getEvery(urls, done);
}
