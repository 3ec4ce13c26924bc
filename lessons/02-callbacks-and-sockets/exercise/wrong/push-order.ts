// Mistake: pushes each answer as it arrives, so the list is in the order the requests finished.
// Rejected for: in the order the server finished them, not in the order of the URLs
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
  for (const url of urls) {
    httpGet(url, { signal: controller.signal }, (err, response) => {
      if (failed) return;
      if (err || !response) {
        failed = true;
        controller.abort(err);
        return done(err ?? new Error("no response"));
      }
      responses.push(response);
      if (responses.length === urls.length) done(null, responses);
    });
  }
}
