// Mistake: the callback returns early on an error without calling `reject`, so the promise for a failed request never settles.
// Rejected for: the promise for that request never settled
import { httpGet } from "../../../02-callbacks-and-sockets/http-get.ts";
import type {
  GetOptions,
  HttpResponse,
} from "../../../02-callbacks-and-sockets/http-get.ts";
import type { Answer } from "../solution.ts";

export type { Answer };

/** `httpGet` as a promise: it resolves with the response or rejects. */
export function getResponse(
  url: string,
  options: GetOptions = {},
): Promise<HttpResponse> {
  return new Promise((resolve) => {
    httpGet(url, options, (err, response) => {
      // The error is "handled" by ignoring it.
      if (err) return;
      if (response) resolve(response);
    });
  });
}

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
      if (response.status === 200) {
        return { path, body: response.body.toString() };
      }
      failures.push(`${path} answered ${response.status}`);
    } catch (err) {
      failures.push(`${path} failed: ${(err as Error).message}`);
    }
  }
  throw new Error(`no path answered 200: ${failures.join("; ")}`);
}
