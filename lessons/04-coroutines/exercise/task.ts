// Exercise: some of the server's routes fail. Try a list of paths in turn
// and answer with the first one that gives a 200, as lesson 2's callback
// client `httpGet` would, but with a promise and `await`.
import { httpGet } from "../../02-callbacks-and-sockets/http-get.ts";
import type {
  GetOptions,
  HttpResponse,
} from "../../02-callbacks-and-sockets/http-get.ts";

/** `httpGet` as a promise: it resolves with the response or rejects. */
export function getResponse(
  url: string,
  options: GetOptions = {},
): Promise<HttpResponse> {
  return new Promise((resolve) => {
    httpGet(url, options, (_err, response) => {
      // TODO: settle the promise both ways: a failed request rejects it.
      if (response) resolve(response);
      // TODO: and so does a callback with neither an error nor a response.
    });
  });
}

export interface Answer {
  path: string;
  body: string;
}

/** Try each path in turn; resolve with the first that answers 200. */
export async function firstAnswer(
  baseUrl: string,
  paths: readonly string[],
  options: GetOptions = {},
): Promise<Answer> {
  const failures: string[] = [];
  for (const path of paths) {
    // TODO: a failed request is caught here, noted, and the next path tried.
    const response = await getResponse(`${baseUrl}${path}`, options);
    if (response.status === 200) {
      return { path, body: response.body.toString() };
    }
    failures.push(`${path} answered ${response.status}`);
  }
  throw new Error(`no path answered 200: ${failures.join("; ")}`);
}
