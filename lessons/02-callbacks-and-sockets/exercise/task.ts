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
  // TODO: with no URLs, no answer will ever come to call `done`. Call it
  // TODO: with an empty list yourself, but only after this function returns.
  // TODO: on the first error, stop the requests still in flight: give every
  // TODO: `httpGet` the `signal` of one `AbortController`, and abort it.
  const responses: HttpResponse[] = [];

  // TODO: start every request in the same turn of the event loop. This
  // version waits for each answer before it sends the next request.
  const next = (index: number): void => {
    const url = urls[index];
    if (url === undefined) return done(null, responses);
    httpGet(url, {}, (err, response) => {
      if (err || !response) return done(err);
      // TODO: answers will arrive in any order: put each at the index of its
      // URL, count them, and call `done` once, when the count says "all".
      responses.push(response);
      next(index + 1);
    });
  };
  next(0);
}
