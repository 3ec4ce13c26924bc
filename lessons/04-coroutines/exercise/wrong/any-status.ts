// Mistake: the first response is taken whatever its status, so a 503 counts as the answer.
// Rejected for: only a 200 is the answer we are after
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
    try {
      const response = await getResponse(`${baseUrl}${path}`, options);
      // Any answer from the server will do, or so it seems.
      return { path, body: response.body.toString() };
    } catch (err) {
      failures.push(`${path} failed: ${(err as Error).message}`);
    }
  }
  throw new Error(`no path answered 200: ${failures.join("; ")}`);
}
