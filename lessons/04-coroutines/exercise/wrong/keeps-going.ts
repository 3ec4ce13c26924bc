// Mistake: the loop remembers the first 200 but does not stop there, so it goes on to request every later path.
// Rejected for: the search is over at the first 200
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
  let found: Answer | undefined;
  for (const path of paths) {
    try {
      const response = await getResponse(`${baseUrl}${path}`, options);
      if (response.status === 200) {
        found ??= { path, body: response.body.toString() };
      } else {
        failures.push(`${path} answered ${response.status}`);
      }
    } catch (err) {
      failures.push(`${path} failed: ${(err as Error).message}`);
    }
  }
  if (found) return found;
  throw new Error(`no path answered 200: ${failures.join("; ")}`);
}
