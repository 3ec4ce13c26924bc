// Mistake: ignores a failed request, so the count never reaches zero and done never comes.
// Rejected for: done was never called: the error was swallowed
import { httpGet } from "../../http-get.ts";
import type { HttpResponse } from "../../http-get.ts";
import type { AllCallback } from "../solution.ts";

export type { AllCallback };

export function getAllAtOnce(urls: string[], done: AllCallback): void {
  if (urls.length === 0) {
    process.nextTick(done, null, []);
    return;
  }
  const responses: HttpResponse[] = [];
  let waitingFor = urls.length;
  urls.forEach((url, index) => {
    httpGet(url, {}, (err, response) => {
      // A failed request has nothing to store: skip it.
      if (err || !response) return;
      responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
