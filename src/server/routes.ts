// Every route of the bundled server, with the one-line description that
// `GET /` prints. Lookup is one Map hit on the whole path, or on its first
// segment for routes that take a path parameter.
import type { Handler } from "./context.ts";
import { barrier } from "./handlers/barrier.ts";
import { closeEarly, hang, reset, slowHeaders } from "./handlers/faults.ts";
import { jitter } from "./handlers/jitter.ts";
import { echo, status } from "./handlers/plain.ts";
import { site } from "./handlers/site.ts";
import { bytes, chunked, drip } from "./handlers/streams.ts";
import { bar, delay, foo } from "./handlers/timed.ts";

export interface Route {
  /** As shown to people, e.g. "/delay/:ms". */
  pattern: string;
  summary: string;
  /** `/echo` takes any method; every other route GET and HEAD. */
  anyMethod: boolean;
  handle: Handler;
}

function route(pattern: string, summary: string, handle: Handler): Route {
  return { pattern, summary, anyMethod: false, handle };
}

export const ROUTES: readonly Route[] = [
  route("/delay/:ms", "wait ms (0-60000), then answer 'waited <ms> ms'", delay),
  route("/bar", "wait 1 s, then answer 'bar' (the seed's Flask route)", bar),
  route("/foo", "wait 1 s, then answer 'foo'", foo),
  route(
    "/bytes/:n",
    "n bytes (up to 64 MiB) of a-z, streamed; ?chunk=size",
    bytes,
  ),
  route("/drip", "?chunks=N&interval=MS&size=S: a slow chunked drip", drip),
  route(
    "/chunked",
    "?parts=N&size=S: N chunks of S bytes (aaa, bbb, ...)",
    chunked,
  ),
  route("/status/:code", "answer with that status (200-599)", status),
  {
    pattern: "/echo",
    summary: "any method: the request as JSON {method, path, headers, body}",
    anyMethod: true,
    handle: echo,
  },
  route("/fault/reset", "read the request, then reset the connection", reset),
  route("/fault/hang", "never answer (until the client goes away)", hang),
  route(
    "/fault/slow-headers",
    "?ms=&lines=: one header line every ms",
    slowHeaders,
  ),
  route("/fault/close-early", "promise 100 bytes, send 10, close", closeEarly),
  route("/jitter", "?seed=&min=&max=: a seeded random delay", jitter),
  route(
    "/barrier/:n",
    "?key=&timeout=: answer once n requests wait together",
    barrier,
  ),
  route("/site/", "a small fixed site of linked pages, with robots.txt", site),
];

// "/delay/:ms" and "/site/" take the rest of the path as their parameter and
// are found by their first segment; every other pattern is a whole path.
const PARAMETER = /\/:|\/$/;
const exact = new Map<string, Route>();
const byFirstSegment = new Map<string, Route>();
for (const entry of ROUTES) {
  const cut = entry.pattern.search(PARAMETER);
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

/** The text of `GET /`. */
export function routeList(): string {
  const width = Math.max(...ROUTES.map((r) => r.pattern.length));
  const lines = ROUTES.map((r) => `${r.pattern.padEnd(width)}  ${r.summary}`);
  const monitor = [
    `${"GET /stats".padEnd(width)}  requests in flight, peak, totals, the log`,
    `${"POST /stats/reset".padEnd(width)}  clear the log and totals (or DELETE /stats)`,
  ];
  return `Routes (GET and HEAD unless noted):\n${[...lines, ...monitor].join("\n")}\n`;
}
