// The callback GET from lesson 2, wrapped in a promise: one connection per
// request, closed as soon as the response is in.
import { httpGet } from "../02-callbacks-and-sockets/http-get.ts";

// #region fetch-text
/** GET `url` and resolve with the body; reject on an error or a 4xx/5xx. */
export function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, signal ? { signal } : {}, (error, response) => {
      if (error || !response) return reject(error ?? new Error("no response"));
      const body = response.body.toString("utf8");
      if (response.status >= 400) {
        const { pathname } = new URL(url);
        reject(new Error(`GET ${pathname} answered ${response.status}`));
      } else resolve(body);
    });
  });
}
// #endregion fetch-text
