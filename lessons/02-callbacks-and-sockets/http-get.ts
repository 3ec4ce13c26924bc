// An HTTP/1.1 GET over a raw TCP socket, written with callbacks only: the
// socket tells us when it connected, when bytes arrived and when it ended,
// and each of those is a separate function that runs later.
import net from "node:net";
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent, ResponseHead } from "./response-parser.ts";

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

/** Calls `callback` exactly once, never before `httpGet` has returned. */
export function httpGet(
  url: string,
  options: GetOptions,
  callback: ResponseCallback,
): void {
  const { protocol, hostname, port, pathname, search, host } = new URL(url);
  if (protocol !== "http:") throw new TypeError(`not an http URL: ${url}`);
  const { signal } = options;
  if (signal?.aborted) {
    process.nextTick(callback, signal.reason);
    return;
  }

  const parser = new ResponseParser();
  let head: ResponseHead | undefined;
  const body: Buffer[] = [];
  let called = false;

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
  function onParsed(events: ParseEvent[]): void {
    for (const event of events) {
      if (event.type === "head") head = event.head;
      else if (event.type === "body") body.push(event.bytes);
      else if (head) done(null, { ...head, body: Buffer.concat(body) });
    }
  }

  // The parser throws on bad bytes. Catch only that, then call back outside
  // the `try`: an exception thrown by the caller's callback is theirs.
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
  // #endregion

  // #region socket
  // `net.connect` returns at once; the connection is made in the background
  // and each stage of it arrives later as an event.
  const socket = net.connect({ host: hostname, port: Number(port) || 80 });
  signal?.addEventListener("abort", onAbort);

  socket.on("connect", () => {
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\n` +
        `Host: ${host}\r\n` +
        "Connection: close\r\n\r\n",
    );
  });
  socket.on("data", (bytes: Buffer) => parse(() => parser.feed(bytes)));
  socket.on("end", () => parse(() => parser.finish()));
  socket.on("error", (err) => done(err));
  // #endregion
}
