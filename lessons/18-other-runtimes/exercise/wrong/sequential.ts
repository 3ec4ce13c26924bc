// Mistake: starts the next request from the callback of the one before, so they never overlap.
// Rejected for: each request waited for the one before it to finish
import { Deferred } from "../../deferred.ts";
import { getPage } from "../solution.ts";

// The same getPage as the solution: the mistake is in getAll.
export { getPage };

/** Start every request now; fire once with all bodies, in path order. */
export function getAll(baseUrl: string, paths: string[]): Deferred<string[]> {
  const all = new Deferred<string[]>();
  const bodies: string[] = new Array<string>(paths.length);
  let failed = false;
  const next = (index: number): void => {
    const path = paths[index];
    if (path === undefined) {
      if (!failed) all.callback(bodies);
      return;
    }
    getPage(baseUrl + path)
      .addCallback((body) => {
        bodies[index] = body;
        next(index + 1);
      })
      .addErrback((error) => {
        if (!failed) all.errback(error);
        failed = true;
      });
  };
  next(0);
  return all;
}
