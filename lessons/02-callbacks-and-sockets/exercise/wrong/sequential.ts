// Mistake: sends the requests one at a time, each from the callback of the one before.
// Rejected for: each request waited for the one before it to finish
import { httpGet } from "../../http-get.ts";
import type { HttpResponse } from "../../http-get.ts";
import type { AllCallback } from "../solution.ts";

export type { AllCallback };

/** Everything right, except that it waits for each answer in turn. */
export function getAllAtOnce(urls: string[], done: AllCallback): void {
  const responses: HttpResponse[] = [];
  const next = (index: number): void => {
    const url = urls[index];
    if (url === undefined) {
      process.nextTick(done, null, responses);
      return;
    }
    httpGet(url, {}, (err, response) => {
      if (err || !response) return done(err ?? new Error("no response"));
      responses[index] = response;
      next(index + 1);
    });
  };
  next(0);
}
