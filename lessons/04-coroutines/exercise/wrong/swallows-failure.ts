// Mistake: when every path fails, it resolves with an empty answer instead of rejecting, so the caller cannot tell failure from success.
// Rejected for: although every path failed
import type { GetOptions } from "../../../02-callbacks-and-sockets/http-get.ts";
import { getResponse, type Answer } from "../solution.ts";

export { getResponse, type Answer };

/** Try each path in turn; resolve with the first that answers 200. */
export async function firstAnswer(
  baseUrl: string,
  paths: readonly string[],
  options: GetOptions = {},
): Promise<Answer> {
  for (const path of paths) {
    try {
      const response = await getResponse(`${baseUrl}${path}`, options);
      if (response.status === 200) {
        return { path, body: response.body.toString() };
      }
    } catch {
      // Try the next one.
    }
  }
  return { path: "", body: "" };
}
