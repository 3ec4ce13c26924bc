// One request's path through the server: monitor routes first (not counted),
// then the request is logged, routed and answered; any failure becomes a 4xx
// or 5xx answer, never a crash.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RequestContext, SharedState } from "./context.ts";
import { sendText } from "./context.ts";
import { BadRequest } from "./params.ts";
import { findRoute, routeList } from "./routes.ts";
import type { Connection, Stats } from "./stats.ts";
import { ECHO_PORT_HEADER } from "./types.ts";

// Shared by every request without a query; handlers only read it.
const NO_QUERY = new URLSearchParams();
const MONITOR_PATHS = new Set(["/", "/stats", "/stats/reset"]);

function answerMonitor(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  stats: Stats,
  shared: SharedState,
): void {
  // Closing the connection keeps a client's pool from reusing it for the
  // experiment's requests: the counts stay clean.
  res.setHeader("connection", "close");
  const method = req.method ?? "GET";
  const read = method === "GET" || method === "HEAD";
  const resets =
    (path === "/stats/reset" && method === "POST") ||
    (path === "/stats" && method === "DELETE");
  if (resets) {
    stats.reset();
    shared.jitter.reset();
    res.writeHead(204).end();
  } else if (read && path === "/stats") {
    const body = JSON.stringify(stats.snapshot());
    res.writeHead(200, {
      "content-type": "application/json",
      ...(shared.echoPort !== undefined && {
        [ECHO_PORT_HEADER]: String(shared.echoPort),
      }),
    });
    res.end(body);
  } else if (read && path === "/") {
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    res.end(routeList());
  } else {
    const allow =
      path === "/stats/reset"
        ? "POST"
        : path === "/stats"
          ? "GET, HEAD, DELETE"
          : "GET, HEAD";
    res.writeHead(405, { allow, "content-type": "text/plain; charset=utf-8" });
    res.end(`${method} is not allowed on ${path}; use ${allow}\n`);
  }
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

export function createRequestHandler(
  stats: Stats,
  shared: SharedState,
  connections: ReadonlyMap<Socket, Connection>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    // Every socket is registered on 'connection', before its first request.
    const connection = connections.get(req.socket);
    if (connection === undefined) return void res.destroy();
    if (MONITOR_PATHS.has(path)) {
      stats.markMonitor(connection);
      return answerMonitor(req, res, path, stats, shared);
    }
    const method = req.method ?? "GET";
    const record = stats.arrive(connection, method, url);
    // 'close' follows every response: after 'finish' when it was sent whole,
    // alone when the connection went first. (Handlers that cut a response
    // themselves record that before.)
    res.once("close", () => {
      stats.finish(record, res.writableFinished ? "ok" : "aborted");
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
