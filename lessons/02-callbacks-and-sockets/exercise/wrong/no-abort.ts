// Mistake: reports the first error but leaves the other requests running, their sockets open.
// Rejected for: nothing stopped them
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
  let failed = false;
  urls.forEach((url, index) => {
    httpGet(url, {}, (err, response) => {
      if (failed) return;
      if (err || !response) {
        failed = true;
        return done(err ?? new Error("no response"));
      }
      responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
