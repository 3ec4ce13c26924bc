// Mistake: for an empty list it calls done at once, before getAllAtOnce has returned.
// Rejected for: done was called before getAllAtOnce returned
import { getAllAtOnce as getEvery } from "../solution.ts";
import type { AllCallback } from "../solution.ts";

export type { AllCallback };

export function getAllAtOnce(urls: string[], done: AllCallback): void {
  // Nothing to wait for, so answer right away.
  if (urls.length === 0) return done(null, []);
  getEvery(urls, done);
}
