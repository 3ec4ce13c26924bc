// Mistake: `Promise.allSettled` waits for every widget before it looks for a failure, so one that fails at once is reported only when the slowest is in.
// Rejected for: once the slow widget was in
import { fetchPath, type FetchOptions } from "../../fetch-path.ts";

/** Fetch every path; resolve with the bodies in the order of `paths`. */
export async function loadDashboard(
  baseUrl: string,
  paths: readonly string[],
  options: FetchOptions = {},
): Promise<string[]> {
  const settled = await Promise.allSettled(
    paths.map((path) => fetchPath(baseUrl, path, options)),
  );
  return settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
}
