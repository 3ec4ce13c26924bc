// Exercise: a dashboard shows five widgets, and each widget is one request.
// Load them all at the same time, and keep them in the order of `paths`.
import { fetchPath, type FetchOptions } from "../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const bodies: string[] = [];
  // TODO: start every request before waiting for any of them.
  for (const path of paths) {
    // TODO: do not `await` here: keep the promise instead.
    bodies.push(await fetchPath(baseUrl, path, options));
  }
  // TODO: wait for all the promises at once, in the order of `paths`.
  return bodies;
}
