// Mistake: every path is requested at once and the first 200 is picked afterwards, so paths that were never needed are asked for too.
// Rejected for: try one path at a time
import type { GetOptions } from "../../../02-callbacks-and-sockets/http-get.ts";
import { getResponse, type Answer } from "../solution.ts";

export { getResponse, type Answer };

/** Try each path in turn; resolve with the first that answers 200. */
export async function firstAnswer(
  baseUrl: string,
  paths: readonly string[],
  options: GetOptions = {},
): Promise<Answer> {
  const settled = await Promise.allSettled(
    paths.map((path) => getResponse(`${baseUrl}${path}`, options)),
  );
  const index = settled.findIndex(
    (s) => s.status === "fulfilled" && s.value.status === 200,
  );
  const found = settled[index];
  if (found?.status !== "fulfilled") {
    throw new Error(`no path answered 200: ${paths.join(", ")}`);
  }
  return { path: paths[index] ?? "", body: found.value.body.toString() };
}
