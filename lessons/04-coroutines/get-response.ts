// Lesson 2's callback client, `httpGet`, turned into one that returns a
// promise: once by hand, and once with `util.promisify`.
import { promisify } from "node:util";
import { httpGet } from "../02-callbacks-and-sockets/http-get.ts";
import type {
  GetOptions,
  HttpResponse,
} from "../02-callbacks-and-sockets/http-get.ts";

// #region by-hand
/** `httpGet` as a promise: it resolves with the response or rejects. */
export function getResponse(
  url: string,
  options: GetOptions = {},
): Promise<HttpResponse> {
  // The executor runs at once and starts the request. `resolve` and
  // `reject` are the two ends of the callback: whichever is called first
  // settles the promise, and any later call is ignored.
  return new Promise((resolve, reject) => {
    httpGet(url, options, (err, response) => {
      if (err) reject(err);
      else if (response) resolve(response);
      else reject(new Error(`GET ${url}: no error and no response`));
    });
  });
}
// #endregion

// #region promisify
// `promisify` builds the same wrapper for any function whose last argument
// is a Node-style callback, `(err, value) => ...`, as `httpGet`'s is.
export const getPromisified = promisify(httpGet);
// #endregion
