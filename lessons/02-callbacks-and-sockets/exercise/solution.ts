// Several requests in flight at once with callbacks, and the answers handed
// over together, in the order the URLs were given.
import { httpGet } from "../http-get.ts";
import type { HttpResponse } from "../http-get.ts";

export type AllCallback = (
  err: Error | null,
  responses?: HttpResponse[],
) => void;

/**
 * Start every request now. Call `done` exactly once, never before this
 * function has returned: with every answer, or with the first error.
 */
export function getAllAtOnce(urls: string[], done: AllCallback): void {
  // With no URLs, no answer will ever come to call `done`: call it on the
  // next tick, so that it still runs after `getAllAtOnce` has returned.
  if (urls.length === 0) {
    process.nextTick(done, null, []);
    return;
  }
  // One signal for every request, so that a failure can stop the others.
  const controller = new AbortController();
  const options = { signal: controller.signal };
  const responses: HttpResponse[] = [];
  let waitingFor = urls.length;
  let failed = false;

  // Start every request in the same turn of the event loop.
  urls.forEach((url, index) => {
    httpGet(url, options, (err, response) => {
      if (failed) return;
      if (err || !response) {
        failed = true;
        // Nobody will read the other answers: close their sockets now.
        controller.abort(err);
        return done(err ?? new Error(`no response from ${url}`));
      }
      // Answers arrive in any order: each goes to the place of its URL.
      responses[index] = response;
      waitingFor -= 1;
      if (waitingFor === 0) done(null, responses);
    });
  });
}
