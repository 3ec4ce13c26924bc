// Independent requests: awaited one by one in a loop, or all started first.
import type { HttpResponse } from "../02-callbacks-and-sockets/http-get.ts";
import { getResponse } from "./get-response.ts";

// #region in-turn
/** The mistake: each `await` holds the loop until that answer is in. */
export async function getInTurn(urls: readonly string[]) {
  const responses: HttpResponse[] = [];
  for (const url of urls) {
    responses.push(await getResponse(url));
  }
  return responses;
}
// #endregion

// #region at-once
/** Start every request, then wait for all of them, in the order of `urls`. */
export async function getAtOnce(urls: readonly string[]) {
  // `getResponse` starts a request and returns its promise at once, so
  // `map` starts them all before anything is awaited. They connect and go
  // out together once this code has finished and the loop has the thread.
  return Promise.all(urls.map((url) => getResponse(url)));
}
// #endregion
