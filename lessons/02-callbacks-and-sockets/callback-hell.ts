// Three steps where each needs the answer of the one before: a countdown in
// which every request asks the server to wait 100 ms less than the last one
// waited. With callbacks, "then" means "one function deeper".
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";

export const STEP_MS = 100;

export type CountdownCallback = (err: Error | null, waited?: number[]) => void;

// #region callback-hell
export function countDown(
  baseUrl: string,
  startMs: number,
  callback: CountdownCallback,
): void {
  httpGet(`${baseUrl}/delay/${startMs}`, {}, (err, first) => {
    // Every level checks for a failed request and for an answer it cannot
    // use, and must remember to `return` after calling back.
    if (err) return callback(stepError(1, err));
    const firstMs = waitedMs(first);
    if (firstMs === null) return callback(stepError(1, first));

    httpGet(`${baseUrl}/delay/${firstMs - STEP_MS}`, {}, (err, second) => {
      if (err) return callback(stepError(2, err));
      const secondMs = waitedMs(second);
      if (secondMs === null) return callback(stepError(2, second));

      httpGet(`${baseUrl}/delay/${secondMs - STEP_MS}`, {}, (err, third) => {
        if (err) return callback(stepError(3, err));
        const thirdMs = waitedMs(third);
        if (thirdMs === null) return callback(stepError(3, third));

        callback(null, [firstMs, secondMs, thirdMs]);
      });
    });
  });
}
// #endregion

/** The number in a `waited 250 ms` body, or null for any other answer. */
function waitedMs(response: HttpResponse | undefined): number | null {
  if (response?.status !== 200) return null;
  const match = /^waited (\d+) ms/.exec(response.body.toString());
  return match ? Number(match[1]) : null;
}

function stepError(step: number, cause: Error | HttpResponse | undefined) {
  if (cause instanceof Error) {
    return new Error(`step ${step} failed: ${cause.message}`, { cause });
  }
  const answer = cause
    ? `${cause.status} ${cause.reason}: ${cause.body.toString().trim()}`
    : "no answer";
  return new Error(`step ${step} got ${answer}`);
}
