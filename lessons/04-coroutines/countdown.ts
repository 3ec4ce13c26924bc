// Lesson 2's three-step countdown, with promises and `await`: each request
// asks the server to wait 100 ms less than the last one waited.
import { STEP_MS } from "../02-callbacks-and-sockets/callback-hell.ts";
import type { GetOptions } from "../02-callbacks-and-sockets/http-get.ts";
import { getResponse } from "./get-response.ts";

/** GET /delay/:ms; resolve with how long the server says it waited. */
export async function waitFor(
  baseUrl: string,
  ms: number,
  options: GetOptions = {},
): Promise<number> {
  const response = await getResponse(`${baseUrl}/delay/${ms}`, options);
  const body = response.body.toString();
  const match = /^waited (\d+) ms/.exec(body);
  if (response.status !== 200 || !match) {
    throw new Error(`${response.status} ${response.reason}: ${body.trim()}`);
  }
  return Number(match[1]);
}

// #region countdown
/** Three dependent requests, from `startMs` down by `STEP_MS` each. */
export async function countDown(
  baseUrl: string,
  startMs: number,
  options: GetOptions = {},
): Promise<number[]> {
  let step = 1;
  try {
    const first = await waitFor(baseUrl, startMs, options);
    step = 2;
    const second = await waitFor(baseUrl, first - STEP_MS, options);
    step = 3;
    const third = await waitFor(baseUrl, second - STEP_MS, options);
    return [first, second, third];
  } catch (err) {
    // One `catch` for every step: a failed connection, a bad answer, or an
    // error in our own code between the awaits all end up here.
    throw new Error(`step ${step} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
// #endregion
