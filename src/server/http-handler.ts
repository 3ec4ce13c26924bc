// One request's path through the server: requests it will not serve (an
// HTTP version other than 1.x, no Host) are refused with a reason; monitor
// routes are answered without being counted; every other request is
// logged, routed and answered, and any failure becomes a 4xx or 5xx
// answer, never a crash.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RequestContext, SharedState } from "./context.ts";
import { sendText } from "./context.ts";
import type { Watched } from "./lifetimes.ts";
import { answerMonitor, MONITOR_PATHS } from "./monitor.ts";
import { BadRequest } from "./params.ts";
import { requestRefusal } from "./protocol.ts";
import { findRoute } from "./routes.ts";
import type { Connection, Stats } from "./stats.ts";
import { CLOSE_REASON_HEADER } from "./types.ts";

// Shared by every request without a query; handlers only read it.
const NO_QUERY = new URLSearchParams();

/** One open HTTP connection, as the server keeps track of it. */
export interface Tracked {
  connection: Connection;
  watched: Watched;
  /** Responses begun on it and not closed yet (pipelining allows several). */
  open: number;
  /** A parser error's answer, waiting for the responses before it. */
  afterResponses: (() => void) | undefined;
  /** A parser error was answered (Node reports one per unreadable chunk). */
  failed: boolean;
}

function fail(ctx: RequestContext, error: unknown): void {
  if (error instanceof BadRequest) {
    return sendText(ctx, 400, `${error.message}\n`);
  }
  // A bug, not bad input: say so, and keep serving everyone else.
  console.error(error);
  if (ctx.res.headersSent) ctx.res.destroy();
  else sendText(ctx, 500, `internal error: ${String(error)}\n`);
}

function responseClosed(tracked: Tracked): void {
  tracked.open--;
  if (tracked.open === 0 && tracked.afterResponses !== undefined) {
    const answer = tracked.afterResponses;
    tracked.afterResponses = undefined;
    answer();
  }
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  const body = `${reason}\n`;
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
    [CLOSE_REASON_HEADER]: "the request was refused before any route saw it",
  });
  res.end(body);
}

export function createRequestHandler(
  stats: Stats,
  shared: SharedState,
  connections: ReadonlyMap<Socket, Tracked>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Every socket is registered on 'connection', before its first request.
    const tracked = connections.get(req.socket);
    if (tracked === undefined) return void res.destroy();
    const connection = tracked.connection;
    tracked.open++;
    const refusal = requestRefusal(
      req.httpVersionMajor,
      req.httpVersion,
      req.headers.host,
    );
    if (refusal !== undefined) {
      res.once("close", () => responseClosed(tracked));
      return refuse(res, refusal.status, refusal.reason);
    }
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (MONITOR_PATHS.has(path)) {
      res.once("close", () => responseClosed(tracked));
      stats.markMonitor(connection);
      const query = queryAt === -1 ? "" : url.slice(queryAt + 1);
      try {
        return answerMonitor(req, res, path, query, stats, shared);
      } catch (error) {
        // A bug, not bad input: say so, and keep serving everyone else.
        console.error(error);
        return void res.destroy();
      }
    }
    const method = req.method ?? "GET";
    const record = stats.arrive(connection, method, url);
    // 'close' follows every response: after 'finish' when it was sent whole,
    // alone when the connection went first. (Handlers that cut a response
    // themselves record that before.)
    res.once("close", () => {
      stats.finish(record, res.writableFinished ? "ok" : "aborted");
      responseClosed(tracked);
    });
    const match = findRoute(path);
    const ctx: RequestContext = {
      req,
      res,
      path,
      param: match?.param ?? "",
      query:
        queryAt === -1 ? NO_QUERY : new URLSearchParams(url.slice(queryAt + 1)),
      record,
      stats,
      shared,
    };
    if (match === undefined) {
      return sendText(
        ctx,
        404,
        `no route for ${path}; GET / lists the routes\n`,
      );
    }
    if (!match.route.anyMethod && method !== "GET" && method !== "HEAD") {
      return sendText(
        ctx,
        405,
        `${method} is not allowed on ${path}; use GET or HEAD\n`,
        {
          allow: "GET, HEAD",
        },
      );
    }
    try {
      const pending = match.route.handle(ctx);
      if (pending !== undefined)
        pending.catch((error: unknown) => fail(ctx, error));
    } catch (error) {
      fail(ctx, error);
    }
  };
}
