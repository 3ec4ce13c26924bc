// Mistake: pushes each body as it arrives, so the bodies come in the order the requests finished.
// Rejected for: in the order the requests finished
import { Deferred } from "../../deferred.ts";
import { getPage } from "../solution.ts";

// The same getPage as the solution: the mistake is in getAll.
export { getPage };

/** Start every request now; fire once with all bodies, in path order. */
export function getAll(baseUrl: string, paths: string[]): Deferred<string[]> {
  const all = new Deferred<string[]>();
  const bodies: string[] = [];
  let left = paths.length;
  let failed = false;
  if (left === 0) all.callback([]);
  // Every request starts in this loop, before any answer can come.
  paths.forEach((path) => {
    getPage(baseUrl + path)
      .addCallback((body) => {
        bodies.push(body);
        left -= 1;
        if (left === 0 && !failed) all.callback(bodies);
      })
      .addErrback((error) => {
        // The first failure fires the whole; later ones have no one left.
        if (!failed) all.errback(error);
        failed = true;
      });
  });
  return all;
}
