// Mistake: a `reduce` chain that awaits each request before it starts the next, so they run one after another.
// Rejected for: they ran one after another
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  // Looks like one expression, but each step awaits the step before it.
  return paths.reduce<Promise<string[]>>(
    async (earlier, path) => [
      ...(await earlier),
      await fetchPath(baseUrl, path, options),
    ],
    Promise.resolve([]),
  );
}
