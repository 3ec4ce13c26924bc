// `fetch` starts a request; it does not send it. The connection is opened
// and the request written by callbacks that only run once the code that
// called `fetch` has finished and the event loop has the thread back.
import { fetchPath, type FetchOptions } from "./fetch-path.ts";

/** Keep the thread busy for `ms`: no timer, callback or I/O can run. */
export function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spin. This is the opposite of waiting: the thread is never free.
  }
}

/** What happened when. `calledAt` and `busyEndedAt` are epoch milliseconds
 * (`Date.now()`), to be set against the server's log in another process. */
export interface StartThenBusy {
  body: string;
  calledAt: number;
  /** How long `fetchPath` took to return its promise. */
  returnedAfterMs: number;
  busyEndedAt: number;
}

// #region starts
/** Call `fetchPath`, then keep the thread busy for `busyMs`, then await. */
export async function startThenBusy(
  baseUrl: string,
  path: string,
  busyMs: number,
  options: FetchOptions = {},
): Promise<StartThenBusy> {
  const calledAt = Date.now();
  const start = performance.now();
  // `fetchPath` returns a pending promise at once. The request is started,
  // not sent: connecting and writing it are left to the event loop.
  const pending = fetchPath(baseUrl, path, options);
  const returnedAfterMs = performance.now() - start;
  // The event loop gets no turn while this runs, so nothing can be sent.
  busyFor(busyMs);
  const busyEndedAt = Date.now();
  // The `await` gives the thread back. Only now can the loop open the
  // connection and write the request.
  const body = await pending;
  return { body, calledAt, returnedAfterMs, busyEndedAt };
}
// #endregion
