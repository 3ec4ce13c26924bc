// Two requests in flight at once, with nothing but callbacks: start both,
// then count the answers, because no single place in the code sees both.
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";

export type BothCallback = (
  err: Error | null,
  responses?: [HttpResponse, HttpResponse],
) => void;

// #region two-at-once
export function getTwoAtOnce(
  firstUrl: string,
  secondUrl: string,
  callback: BothCallback,
): void {
  // One signal for both, so a failure of one can stop the other.
  const controller = new AbortController();
  const options = { signal: controller.signal };
  let first: HttpResponse | undefined;
  let second: HttpResponse | undefined;
  let waitingFor = 2;
  let failed = false;

  // Each answer arrives in its own callback, in whichever order the
  // server finishes. The counter tells the last one that it is last.
  function onAnswer(err: Error | null): void {
    if (failed) return;
    if (err) {
      failed = true;
      controller.abort(err);
      callback(err);
      return;
    }
    waitingFor -= 1;
    if (waitingFor === 0 && first && second) callback(null, [first, second]);
  }

  // Both calls return at once: the two requests are now in flight together.
  httpGet(firstUrl, options, (err, response) => {
    first = response;
    onAnswer(err);
  });
  httpGet(secondUrl, options, (err, response) => {
    second = response;
    onAnswer(err);
  });
}
// #endregion
