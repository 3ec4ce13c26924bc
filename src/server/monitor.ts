// The monitor routes: `/stats` (read the log, page by page) and its reset.
// They are not part of any experiment: not logged, not counted, and their
// connection closes after the answer, so that a client's pool cannot reuse
// it for the experiment's own requests and change the counts.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SharedState } from "./context.ts";
import { writeBody } from "./context.ts";
import { stateChangeRefusal } from "./guard.ts";
import { BadRequest, intParam } from "./params.ts";
import { LOG_LIMIT, type LogPage, type Stats } from "./stats.ts";
import { CLOSE_REASON_HEADER, ECHO_PORT_HEADER } from "./types.ts";

export const MONITOR_PATHS: ReadonlySet<string> = new Set([
  "/stats",
  "/stats/reset",
]);

/** Why monitor responses close their connection, sent as a header. */
export const MONITOR_CLOSE =
  "a monitor connection is not counted, so it is not kept for the " +
  "experiment's requests";

const TEXT = "text/plain; charset=utf-8";
// Records per write: about 20-60 KB of JSON, under one socket buffer.
const BATCH = 100;

function sendPlain(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": TEXT,
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** `?since=ID&limit=N`, each bounded; a bad one is a `BadRequest`. */
function pageQuery(query: string): { since: number; limit: number } {
  const params = new URLSearchParams(query);
  const since = intParam(
    "since",
    params.get("since"),
    { min: 0, max: 999_999_999_999_999 },
    0,
  );
  const limit = intParam(
    "limit",
    params.get("limit"),
    { min: 1, max: LOG_LIMIT },
    LOG_LIMIT,
  );
  return { since, limit };
}

/**
 * The page as JSON, a batch of records at a time. The totals go first and
 * are fixed when the page is taken; each record is serialized only when
 * its batch is written.
 */
function* statsJson(page: LogPage): Generator<string> {
  const head = JSON.stringify({ ...page.totals, next: page.next });
  yield `${head.slice(0, -1)},"requests":[`;
  const { records } = page;
  for (let at = 0; at < records.length; at += BATCH) {
    const batch = records.slice(at, at + BATCH).map((r) => JSON.stringify(r));
    yield (at === 0 ? "" : ",") + batch.join(",");
  }
  yield "]}";
}

export function answerMonitor(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
  stats: Stats,
  shared: SharedState,
): void {
  res.setHeader("connection", "close");
  res.setHeader(CLOSE_REASON_HEADER, MONITOR_CLOSE);
  const method = req.method ?? "GET";
  const resets =
    (path === "/stats/reset" && method === "POST") ||
    (path === "/stats" && method === "DELETE");
  if (resets) {
    const refusal = stateChangeRefusal(
      req.headers.host,
      req.headers.origin,
      shared.hostNames,
    );
    if (refusal !== undefined) return sendPlain(res, 403, `${refusal}\n`);
    stats.reset();
    shared.jitter.reset();
    res.writeHead(204).end();
  } else if ((method === "GET" || method === "HEAD") && path === "/stats") {
    let page: LogPage;
    try {
      const { since, limit } = pageQuery(query);
      page = stats.page(since, limit);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return sendPlain(res, 400, `${error.message}\n`);
    }
    res.writeHead(200, {
      "content-type": "application/json",
      "transfer-encoding": "chunked",
      ...(shared.echoPort !== undefined && {
        [ECHO_PORT_HEADER]: String(shared.echoPort),
      }),
    });
    if (method === "HEAD") return void res.end();
    // Streamed with backpressure: a client that asks and never reads holds
    // one socket buffer of the log, not all of it.
    void writeBody(res, statsJson(page));
  } else {
    const allow = path === "/stats/reset" ? "POST" : "GET, HEAD, DELETE";
    sendPlain(res, 405, `${method} is not allowed on ${path}; use ${allow}\n`, {
      allow,
    });
  }
}
