// Mistake: has no flag after the first error, so every failed or aborted request calls done again.
// Rejected for: done was called 3 times after one request failed
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
  let waitingFor = urls.length;
  urls.forEach((url, index) => {
    httpGet(url, { signal: controller.signal }, (err, response) => {
      if (err || !response) {
        controller.abort(err);
        return done(err ?? new Error("no response"));
      }
      responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
