// Exercise: a dashboard shows five widgets, and each widget is one request.
// Load them all at the same time, and keep them in the order of `paths`.
import { fetchPath, type FetchOptions } from "../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // Start every request before waiting for any of them.
  const pending = paths.map((path) => fetchPath(baseUrl, path, options));
  // Wait for all the promises at once; `Promise.all` keeps their order.
  return Promise.all(pending);
}
