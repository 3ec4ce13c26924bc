// What a route handler gets, and the few ways it answers. Every response goes
// through `sendHead` or `sendText`, so the first-byte time is recorded in one
// place.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Stats } from "./stats.ts";
import type { RequestRecord } from "./types.ts";
import type { HostNames } from "./guard.ts";
import type { Lifetimes } from "./lifetimes.ts";
import type { Barriers } from "./handlers/barrier.ts";
import type { JitterSequences } from "./handlers/jitter.ts";

/** State that outlives one request: waiting barrier groups, jitter sequences. */
export interface SharedState {
  barriers: Barriers;
  jitter: JitterSequences;
  /** The TCP echo server's port, once it listens: `/stats` names it, so a
   * client given only the HTTP URL can find the echo server. */
  echoPort?: number;
  /** The names besides loopback under which state may be changed. */
  hostNames: HostNames;
  /** How long connections and responses may last (`GET /` says). */
  lifetimes: Lifetimes;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query. */
  path: string;
  /** The path after the route's prefix, e.g. "250" for "/delay/250". */
  param: string;
  query: URLSearchParams;
  record: RequestRecord;
  stats: Stats;
  shared: SharedState;
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

const TEXT = "text/plain; charset=utf-8";

/** Write the status line and headers now, before any body. */
export function sendHead(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string | number>,
): void {
  ctx.stats.firstByte(ctx.record, status);
  ctx.res.writeHead(status, headers);
  ctx.res.flushHeaders();
}

/** Answer with a whole plain-text body (HEAD gets the headers only). */
export function sendText(
  ctx: RequestContext,
  status: number,
  body: string,
  headers: Record<string, string | number> = {},
): void {
  // The client may have gone while we waited; nothing to answer then.
  if (ctx.res.destroyed) return;
  ctx.stats.firstByte(ctx.record, status);
  ctx.res.writeHead(status, {
    "content-type": TEXT,
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  ctx.res.end(body);
}

/** Run `cleanup` when the response is done or the client goes away. */
export function onClose(ctx: RequestContext, cleanup: () => void): void {
  ctx.res.once("close", cleanup);
}

/** Resolves on 'drain', or on 'close' when the client has gone. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Write `pieces` as the body and end it, waiting for 'drain' whenever
 * `write` returns false: a client that reads slowly (or never) makes the
 * loop wait, so the server holds about one socket buffer for it, not the
 * whole body. The pieces are made as they are written, so a lazy iterable
 * keeps even the unsent part out of memory. Stops if the client goes away.
 * Never rejects: a failure is logged and cuts the response.
 */
export async function writeBody(
  res: ServerResponse,
  pieces: Iterable<string | Buffer>,
): Promise<void> {
  try {
    for (const piece of pieces) {
      if (res.destroyed) return;
      if (!res.write(piece)) await drained(res);
    }
    if (!res.destroyed) res.end();
  } catch (error) {
    // A bug, not the client: say so, cut this response, serve the rest.
    console.error(error);
    res.destroy();
  }
}

/** Resolves after `ms`, or at once when the client goes away. */
export function pause(ctx: RequestContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      ctx.res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    ctx.res.once("close", done);
  });
}
