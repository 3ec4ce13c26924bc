// Mistake: each failed request is caught and turned into an empty body, so a broken widget goes unnoticed.
// Rejected for: the error was swallowed
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  return Promise.all(
    paths.map((path) => fetchPath(baseUrl, path, options).catch(() => "")),
  );
}
