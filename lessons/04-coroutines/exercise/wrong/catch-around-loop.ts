// Mistake: one `try`/`catch` around the whole loop, so the first failed request jumps out of the loop and the search ends there.
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
  try {
    for (const path of paths) {
      const response = await getResponse(`${baseUrl}${path}`, options);
      if (response.status === 200) {
        return { path, body: response.body.toString() };
      }
    }
  } catch (err) {
    throw new Error(`no path answered 200: ${(err as Error).message}`, {
      cause: err,
    });
  }
  throw new Error("no path answered 200");
}
