// Mistake: every request is started first, but the promises are awaited one by one, so one that fails while an earlier one is awaited has no handler.
// Rejected for: was an unhandled rejection
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const pending = paths.map((path) => fetchPath(baseUrl, path, options));
  const bodies: string[] = [];
  for (const promise of pending) bodies.push(await promise);
  return bodies;
}
