// Mistake: ignores a failed request, so the Deferred of getAll never fires on an error.
// Rejected for: the failure was swallowed
import { Deferred } from "../../deferred.ts";
import { getPage } from "../solution.ts";

// The same getPage as the solution: the mistake is in getAll.
export { getPage };

/** Start every request now; fire once with all bodies, in path order. */
export function getAll(baseUrl: string, paths: string[]): Deferred<string[]> {
  const all = new Deferred<string[]>();
  const bodies: string[] = new Array<string>(paths.length);
  let left = paths.length;
  let failed = false;
  if (left === 0) all.callback([]);
  // Every request starts in this loop, before any answer can come.
  paths.forEach((path, index) => {
    getPage(baseUrl + path)
      .addCallback((body) => {
        bodies[index] = body;
        left -= 1;
        if (left === 0 && !failed) all.callback(bodies);
      })
      .addErrback(() => {
        // A failed page is left out; the rest still count.
        failed = true;
      });
  });
  return all;
}
