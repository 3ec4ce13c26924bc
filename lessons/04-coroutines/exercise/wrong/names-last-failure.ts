// Mistake: each failure overwrites the one before, so the final error names only the last path that failed.
// Rejected for: which does not name each path that failed
import type { GetOptions } from "../../../02-callbacks-and-sockets/http-get.ts";
import { getResponse, type Answer } from "../solution.ts";

export { getResponse, type Answer };

/** Try each path in turn; resolve with the first that answers 200. */
export async function firstAnswer(
  baseUrl: string,
  paths: readonly string[],
  options: GetOptions = {},
): Promise<Answer> {
  let lastError = new Error("no paths");
  for (const path of paths) {
    try {
      const response = await getResponse(`${baseUrl}${path}`, options);
      if (response.status === 200) {
        return { path, body: response.body.toString() };
      }
      lastError = new Error(`${path} answered ${response.status}`);
    } catch (err) {
      lastError = err as Error;
    }
  }
  throw lastError;
}
