// Mistake: `forEach` with an async callback does not wait for it, so the function returns before any body is in.
// Rejected for: it returned before the responses were in
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const bodies: string[] = [];
  paths.forEach(async (path, i) => {
    bodies[i] = await fetchPath(baseUrl, path, options);
  });
  return bodies;
}
