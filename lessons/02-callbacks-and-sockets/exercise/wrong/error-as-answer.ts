// Mistake: counts a failed request as an answer and reports success with a hole where its response should be.
// Rejected for: done was called without an error
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
    httpGet(url, {}, (_err, response) => {
      // Whatever happened, this one is finished.
      if (response) responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
