// An HTTP/1.1 GET over a raw TCP socket, written with callbacks only: the
// socket tells us when it connected, when bytes arrived and when it ended,
// and each of those is a separate function that runs later.
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent, ResponseHead } from "./response-parser.ts";
import { sendGet } from "./send-get.ts";

export interface HttpResponse extends ResponseHead {
  body: Buffer;
}

/** Node's convention: an error, or null and the result. */
export type ResponseCallback = (
  err: Error | null,
  response?: HttpResponse,
) => void;

export interface GetOptions {
  /** Aborting closes the socket and calls back with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Calls `callback` exactly once, never before `httpGet` has returned.
 * Throws at once only for a URL that is not `http:`.
 */
export function httpGet(
  url: string,
  options: GetOptions,
  callback: ResponseCallback,
): void {
  const { signal } = options;
  if (signal?.aborted) {
    process.nextTick(callback, signal.reason);
    return;
  }

  const parser = new ResponseParser();
  let head: ResponseHead | undefined;
  const body: Buffer[] = [];
  let called = false;

  // #region socket
  // Each of these runs later, once per event, long after `httpGet` has
  // returned: the bytes of the response come in as many 'data' events as
  // the network happens to split them into.
  const socket = sendGet(url);
  signal?.addEventListener("abort", onAbort);
  socket.on("data", (bytes: Buffer) => parse(() => parser.feed(bytes)));
  socket.on("end", () => parse(() => parser.finish()));
  socket.on("error", (err) => done(err));
  // #endregion

  // #region done
  // A request can end in several places: a parse error in 'data', a short
  // body at 'end', a socket 'error', an abort. Each calls `done`, and only
  // the first call counts, so the callback runs exactly once.
  function done(err: Error | null, response?: HttpResponse): void {
    if (called) return;
    called = true;
    signal?.removeEventListener("abort", onAbort);
    socket.destroy();
    callback(err, response);
  }
  // #endregion

  function onAbort(): void {
    done(signal?.reason as Error);
  }

  // #region events
  // The parser throws on bad bytes. Catch only that, then call back outside
  // the `try`: an exception thrown by the caller's callback is theirs, and
  // reaches Node as an `uncaughtException`, as it would without us.
  function parse(step: () => ParseEvent[]): void {
    let events: ParseEvent[];
    try {
      events = step();
    } catch (err) {
      done(err as Error);
      return;
    }
    onParsed(events);
  }

  function onParsed(events: ParseEvent[]): void {
    for (const event of events) {
      if (event.type === "head") head = event.head;
      else if (event.type === "body") body.push(event.bytes);
      else if (head) done(null, { ...head, body: Buffer.concat(body) });
    }
  }
  // #endregion
}
