// Mistake: the requests overlap, but each body is pushed when it arrives, so the bodies come back in the order they finished.
// Rejected for: they came back in another order
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const bodies: string[] = [];
  await Promise.all(
    paths.map((path) =>
      fetchPath(baseUrl, path, options).then((body) => bodies.push(body)),
    ),
  );
  return bodies;
}
