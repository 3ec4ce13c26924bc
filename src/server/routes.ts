// Every route of the bundled server, with the one-line description that
// `GET /` prints. Lookup is one Map hit on the whole path, or on its first
// segment for routes that take a path parameter.
//
// Every answer carries a Content-Length or is chunked, HEAD included, and
// keeps its connection open for the next request, except where a route
// says why it cannot (`closes`).
//
// Nothing lasts for ever (defaults; `GET /` prints the ones in force, and
// lifetimes.ts enforces them): an idle keep-alive connection closes after
// 60 s; request headers must arrive within 10 s and the whole request
// within 30 s; a connection on which no byte moves for 75 s is closed, so
// `/fault/hang` holds one for 75 s at most (longer than the 60 s that
// `/delay` and `/barrier` may wait on purpose); a response whose client
// stops reading is cut once its unsent bytes have waited 30 s; an
// idle echo connection closes after 60 s.
import { sendText, type Handler } from "./context.ts";
import { barrier } from "./handlers/barrier.ts";
import {
  closeEarly,
  hang,
  reset,
  slowHeaders,
  SLOW_HEADERS_CLOSE,
} from "./handlers/faults.ts";
import { jitter } from "./handlers/jitter.ts";
import { echo, status } from "./handlers/plain.ts";
import { robots, site } from "./handlers/site.ts";
import { bytes, chunked, drip } from "./handlers/streams.ts";
import { bar, delay, foo } from "./handlers/timed.ts";
import { describeLifetimes, type Lifetimes } from "./lifetimes.ts";
import { MONITOR_CLOSE } from "./monitor.ts";

export interface Route {
  /** As shown to people, e.g. "/delay/:ms". */
  pattern: string;
  summary: string;
  /** `/echo` takes any method; every other route GET and HEAD. */
  anyMethod: boolean;
  /** A path that answers quickly, for tests and for people trying it. */
  example: string;
  /** Why this route ends its connection, for the few that do. */
  closes?: string;
  handle: Handler;
}

function route(
  pattern: string,
  summary: string,
  handle: Handler,
  more: Partial<Pick<Route, "example" | "closes">> = {},
): Route {
  return {
    pattern,
    summary,
    anyMethod: false,
    example: more.example ?? pattern,
    ...(more.closes !== undefined && { closes: more.closes }),
    handle,
  };
}

// `GET /` itself: logged and counted like any route, and keeping its
// connection, so a keep-alive client can send `HEAD /` again and again.
const index: Handler = (ctx) => sendText(ctx, 200, routeList(ctx.shared));

export const ROUTES: readonly Route[] = [
  route("/", "this list of routes and limits", index),
  route(
    "/delay/:ms",
    "wait ms (0-60000), then answer 'waited <ms> ms'",
    delay,
    { example: "/delay/0" },
  ),
  route(
    "/bar",
    "wait 1 s, then answer 'bar' (the original Python tutorial's Flask route)",
    bar,
  ),
  route("/foo", "wait 1 s, then answer 'foo'", foo),
  route(
    "/bytes/:n",
    "n bytes (up to 64 MiB) of a-z, streamed; ?chunk=size",
    bytes,
    { example: "/bytes/1000" },
  ),
  route("/drip", "?chunks=N&interval=MS&size=S: a slow chunked drip", drip, {
    example: "/drip?chunks=3&interval=5",
  }),
  route(
    "/chunked",
    "?parts=N&size=S: N chunks of S bytes (aaa, bbb, ...)",
    chunked,
  ),
  route(
    "/status/:code",
    "answer with that status (200-599); ?after=MS",
    status,
    {
      example: "/status/503",
    },
  ),
  {
    ...route(
      "/echo",
      "any method: the request as JSON {method, path, headers, body}",
      echo,
    ),
    anyMethod: true,
  },
  route("/fault/reset", "read the request, then reset the connection", reset, {
    closes: "it resets the connection: that is the fault",
  }),
  route(
    "/fault/hang",
    "never answer (until the client goes away, or the silence limit below)",
    hang,
    { closes: "it never answers, so the connection carries nothing else" },
  ),
  route(
    "/fault/slow-headers",
    "?ms=&lines=: one header line every ms",
    slowHeaders,
    { example: "/fault/slow-headers?ms=0&lines=1", closes: SLOW_HEADERS_CLOSE },
  ),
  route("/fault/close-early", "promise 100 bytes, send 10, close", closeEarly, {
    closes: "it closes mid-body: that is the fault",
  }),
  route("/jitter", "?seed=&min=&max=: a seeded random delay", jitter, {
    example: "/jitter?max=5",
  }),
  route(
    "/barrier/:n",
    "?key=&timeout=: answer once n requests wait together",
    barrier,
    { example: "/barrier/1" },
  ),
  route("/site/", "a small fixed site of linked pages, with robots.txt", site, {
    example: "/site/page/3",
  }),
  route("/robots.txt", "the crawler rules for /site/ (RFC 9309)", robots),
];

// "/delay/:ms" and "/site/" take the rest of the path as their parameter and
// are found by their first segment; every other pattern (and "/") is a
// whole path.
const PARAMETER = /\/:|\/$/;
const exact = new Map<string, Route>();
const byFirstSegment = new Map<string, Route>();
for (const entry of ROUTES) {
  const cut = entry.pattern === "/" ? -1 : entry.pattern.search(PARAMETER);
  if (cut === -1) exact.set(entry.pattern, entry);
  else byFirstSegment.set(entry.pattern.slice(0, cut), entry);
}

export interface Match {
  route: Route;
  /** The rest of the path after the first segment, e.g. "250" in /delay/250. */
  param: string;
}

export function findRoute(path: string): Match | undefined {
  const whole = exact.get(path);
  if (whole !== undefined) return { route: whole, param: "" };
  const slash = path.indexOf("/", 1);
  if (slash === -1) return undefined;
  const found = byFirstSegment.get(path.slice(0, slash));
  return found && { route: found, param: path.slice(slash + 1) };
}

const COLUMNS = 79;

/** `prefix` then `text`, cut into lines of `COLUMNS` at most; the lines
 * after the first are indented by `indent` spaces. */
function wrap(prefix: string, text: string, indent: number): string {
  const lines: string[] = [];
  let line = prefix;
  let fresh = true;
  for (const word of text.split(" ")) {
    if (!fresh && line.length + 1 + word.length > COLUMNS) {
      lines.push(line);
      line = `${" ".repeat(indent)}${word}`;
    } else line = fresh ? `${line}${word}` : `${line} ${word}`;
    fresh = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/** The text of `GET /`, with the lifetimes this server was started with. */
export function routeList(shared: { lifetimes: Lifetimes }): string {
  const width = "POST /stats/reset".length;
  const entry = (name: string, text: string): string =>
    wrap(`${name.padEnd(width)}  `, text, width + 2);
  const routes = ROUTES.map(
    (r) =>
      entry(r.pattern, r.summary) +
      (r.closes === undefined ? "" : `\n${entry("", `(closes: ${r.closes})`)}`),
  );
  const monitor = [
    entry(
      "GET /stats",
      "in flight, peak, totals, and the log; ?since=ID&limit=N: the " +
        "records after id ID, N at most (the totals always)",
    ),
    entry(
      "POST /stats/reset",
      "clear the log and totals (or DELETE /stats); refused (403) unless " +
        "Host is localhost, 127.x.x.x or [::1] and Origin, if any, is " +
        "http://localhost or http://127.0.0.1 (any port) or this server",
    ),
    entry("", `(both close: ${MONITOR_CLOSE})`),
  ];
  const limits = describeLifetimes(shared.lifetimes).map((l) =>
    wrap("  ", l, 4),
  );
  const heading = wrap(
    "",
    "Routes (GET and HEAD unless noted; every answer has a length or is " +
      "chunked, and keeps the connection unless it says why not):",
    0,
  );
  return (
    `${heading}\n${[...routes, ...monitor].join("\n")}\n\n` +
    `Limits:\n${limits.join("\n")}\n`
  );
}
