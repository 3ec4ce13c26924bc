// Several requests in flight at once with callbacks, and the answers handed
// over together, in the order the URLs were given.
import { httpGet } from "../http-get.ts";
import type { HttpResponse } from "../http-get.ts";

export type AllCallback = (
  err: Error | null,
  responses?: HttpResponse[],
) => void;

/** Start every request now; call `done` once, when the last answer is in. */
export function getAllAtOnce(urls: string[], done: AllCallback): void {
  const responses: HttpResponse[] = [];
  let waitingFor = urls.length;
  let failed = false;

  // Start every request in the same turn of the event loop.
  urls.forEach((url, index) => {
    httpGet(url, {}, (err, response) => {
      if (failed) return;
      if (err || !response) {
        failed = true;
        return done(err);
      }
      // Answers arrive in any order: each goes to the place of its URL.
      responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
