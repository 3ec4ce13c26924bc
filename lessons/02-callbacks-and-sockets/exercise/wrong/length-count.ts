// Mistake: counts answers with responses.length, which jumps to the end as soon as the last URL answers, so done comes with holes.
// Rejected for: it was called before the last answer came in
import { httpGet } from "../../http-get.ts";
import type { HttpResponse } from "../../http-get.ts";
import type { AllCallback } from "../solution.ts";

export type { AllCallback };

export function getAllAtOnce(urls: string[], done: AllCallback): void {
  if (urls.length === 0) {
    process.nextTick(done, null, []);
    return;
  }
  const controller = new AbortController();
  const responses: HttpResponse[] = [];
  let failed = false;
  urls.forEach((url, index) => {
    httpGet(url, { signal: controller.signal }, (err, response) => {
      if (failed) return;
      if (err || !response) {
        failed = true;
        controller.abort(err);
        return done(err ?? new Error("no response"));
      }
      responses[index] = response;
      // An array's length is its highest index plus one, holes included.
      if (responses.length === urls.length) done(null, responses);
    });
  });
}
