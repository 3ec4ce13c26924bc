// Mistake: the promise rejects on a failed request, but nothing catches it in the loop, so the first failure ends the whole search.
// Rejected for: instead of trying the next path
import type { GetOptions } from "../../../02-callbacks-and-sockets/http-get.ts";
import { getResponse, type Answer } from "../solution.ts";

export { getResponse, type Answer };

/** Try each path in turn; resolve with the first that answers 200. */
export async function firstAnswer(
  baseUrl: string,
  paths: readonly string[],
  options: GetOptions = {},
): Promise<Answer> {
  const failures: string[] = [];
  for (const path of paths) {
    const response = await getResponse(`${baseUrl}${path}`, options);
    if (response.status === 200) {
      return { path, body: response.body.toString() };
    }
    failures.push(`${path} answered ${response.status}`);
  }
  throw new Error(`no path answered 200: ${failures.join("; ")}`);
}
