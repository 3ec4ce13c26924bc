// The check of lesson 18's exercise. `getAll` must start every request at
// once, fire one Deferred with the bodies in the order of the paths, fire
// its errback on the first failure (a reset or a status other than 200),
// and leave no connection open once its answers are in.
import diagnostics from "node:diagnostics_channel";
import { get, type ClientRequest } from "node:http";
import { formatMs } from "../../../src/lib/format.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type {
  RequestRecord,
  ServerClient,
  ServerStats,
} from "../../../src/server/types.ts";
import type { Deferred } from "../deferred.ts";
import { seenByServer } from "../server-log.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

// Out of order on purpose: the first path is the last to finish.
const PATHS = ["/delay/400", "/delay/100"];
const WANTED = ["waited 400 ms", "waited 100 ms"];
const DEADLINE_MS = 5000;
// Many chunks: more than one 'data' event's worth.
const BIG_BODY = 200_000;
// How long the server may take to see connections closed after the end.
const CLOSE_GRACE_MS = 1000;

// The hints (hints.md) that answer each mistake.
const HINT = { sequential: 1, order: 2, open: 3, failure: 4, status: 5 };

const EXPECTED =
  "both requests in flight at once, one Deferred fired with the bodies in " +
  "the order of the paths, its errback on a failure or a status other " +
  "than 200, and no connection left open";

type Fired =
  | { kind: "ok"; value: unknown; ms: number }
  | { kind: "failed"; error: unknown; ms: number }
  | { kind: "never"; ms: number }
  | { kind: "threw"; error: unknown; ms: number };

interface Firing {
  fired: Fired;
  d?: Deferred<string[]>;
  /** `node:http` requests made before `getAll` returned. */
  startedAtOnce: number;
}

/** Call `getAll` and wait for its Deferred to fire, or the deadline. */
function fire(impl: Impl, base: string, paths: string[]) {
  const start = performance.now();
  const ms = () => performance.now() - start;
  // `node:http` publishes each request as it is made: counted while
  // `getAll` runs, they say whether it started them all at once.
  let startedAtOnce = 0;
  const count = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    if (!request.path.startsWith("/stats")) startedAtOnce += 1;
  };
  return new Promise<Firing>((resolve) => {
    const done = (fired: Fired, d?: Deferred<string[]>) =>
      resolve({ fired, startedAtOnce, ...(d && { d }) });
    const timer = setTimeout(
      () => done({ kind: "never", ms: ms() }),
      DEADLINE_MS,
    );
    let d: Deferred<string[]>;
    diagnostics.subscribe("http.client.request.created", count);
    try {
      d = impl.getAll(base, paths);
    } catch (error) {
      clearTimeout(timer);
      done({ kind: "threw", error, ms: ms() });
      return;
    } finally {
      diagnostics.unsubscribe("http.client.request.created", count);
    }
    d.addCallback((value) => {
      clearTimeout(timer);
      done({ kind: "ok", value, ms: ms() }, d);
    }).addErrback((error) => {
      clearTimeout(timer);
      done({ kind: "failed", error, ms: ms() }, d);
    });
  });
}

/** The server's stats, read on a connection that closes at once. */
function statsNow(base: string): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    get(`${base}/stats`, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve(JSON.parse(body) as ServerStats));
    }).on("error", reject);
  });
}

/** HTTP connections open now, not counting the one that asks. */
async function openNow(base: string): Promise<number> {
  return (await statsNow(base)).openConnections - 1;
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

function describe(fired: Fired): string {
  switch (fired.kind) {
    case "ok":
      return `the Deferred fired after ${formatMs(fired.ms)} with ${JSON.stringify(fired.value)}`;
    case "failed":
      return `the Deferred's errback fired: ${message(fired.error)}`;
    case "never":
      return `the Deferred did not fire within ${formatMs(DEADLINE_MS)}`;
    case "threw":
      return `getAll threw: ${message(fired.error)}`;
  }
}

function fail(
  observed: string,
  hint: number | undefined,
  requests: RequestRecord[],
  details: string[] = [],
): Verdict {
  return {
    passed: false,
    expected: EXPECTED,
    observed,
    details,
    requests,
    ...(hint === undefined ? {} : { hint }),
  };
}

const trimmed = (value: unknown): string[] | null =>
  Array.isArray(value) ? value.map((v) => String(v).trim()) : null;

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["getAll", "getPage"]);
  if (missing) return missing;
  const base = server.url;

  // Both requests, their order, and the connections afterwards.
  await server.reset();
  const before = await openNow(base);
  const { fired, startedAtOnce } = await fire(impl, base, PATHS);
  const log = (await statsNow(base)).requests.filter(
    (r) => !r.path.startsWith("/stats"),
  );
  const seen = seenByServer(log);
  if (fired.kind === "threw") return fail(describe(fired), undefined, log);
  if (seen.paths.length === 0) {
    return fail(`no request reached the server; ${describe(fired)}`, 1, log);
  }
  if (seen.paths.length === PATHS.length && seen.peak < PATHS.length) {
    return fail(
      `at most ${seen.peak} request was in flight at once: each request ` +
        `waited for the one before it to finish; ${describe(fired)}`,
      HINT.sequential,
      log,
      ["Start them all in one loop: getPage returns at once."],
    );
  }
  if (startedAtOnce < PATHS.length) {
    return fail(
      `getAll made ${startedAtOnce} of its ${PATHS.length} requests with ` +
        "getPage (node:http) before it returned: the others were started " +
        `later, or not by getPage; ${describe(fired)}`,
      HINT.sequential,
      log,
      ["Call getPage for every path in one loop, before getAll returns."],
    );
  }
  if (fired.kind !== "ok") {
    return fail(describe(fired), undefined, log);
  }
  const bodies = trimmed(fired.value);
  if (bodies?.join() !== WANTED.join()) {
    const inFinishOrder = bodies?.join() === WANTED.toReversed().join();
    return fail(
      inFinishOrder
        ? `the bodies came as ${bodies?.join(", ")}: in the order the ` +
            "requests finished, not in the order of the paths"
        : `the bodies came as ${JSON.stringify(fired.value)}, not ` +
            `${WANTED.join(", ")}`,
      HINT.order,
      log,
    );
  }
  const until = performance.now() + CLOSE_GRACE_MS;
  let left = (await openNow(base)) - before;
  while (left > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = (await openNow(base)) - before;
  }
  if (left > 0) {
    return fail(
      `${left} connection(s) were still open ` +
        `${formatMs(CLOSE_GRACE_MS)} after both answers were in: the ` +
        "sockets were left open",
      HINT.open,
      log,
      ["A kept-alive connection nobody will use again is a leak here."],
    );
  }

  // A reset connection must reach the errback.
  await server.reset();
  const reset = await fire(impl, base, ["/delay/300", "/fault/reset"]);
  const resetLog = (await statsNow(base)).requests.filter(
    (r) => !r.path.startsWith("/stats"),
  );
  if (reset.fired.kind !== "failed") {
    return fail(
      `GET /fault/reset failed (the server reset it), yet ` +
        `${describe(reset.fired)}: the failure was swallowed`,
      HINT.failure,
      resetLog,
    );
  }

  // So must an answer that is not a 200, a 404 as much as a 500.
  await server.reset();
  const status = await fire(impl, base, ["/delay/50", "/status/404"]);
  const statusLog = (await statsNow(base)).requests.filter(
    (r) => !r.path.startsWith("/stats"),
  );
  if (status.fired.kind !== "failed") {
    return fail(
      `GET /status/404 answered 404, yet ${describe(status.fired)}: a ` +
        "status other than 200 was taken for a body",
      HINT.status,
      statusLog,
    );
  }
  // Two failures: the second must not fire `all` again.
  await server.reset();
  const both = await fire(impl, base, ["/fault/reset", "/status/500"]);
  const bothLog = (await statsNow(base)).requests.filter(
    (r) => !r.path.startsWith("/stats"),
  );
  const firings = [reset.d, status.d, both.d];
  const late = firings.reduce((n, d) => n + (d?.lateCalls ?? 0), 0);
  if (late > 0) {
    return fail(
      `with two requests failing, the Deferred of getAll was fired ${late} ` +
        "more time(s) after its first result: fire it once",
      HINT.failure,
      bothLog,
    );
  }

  // A body that comes in many chunks is the whole of it, not the first.
  await server.reset();
  const big = await fire(impl, base, [`/bytes/${BIG_BODY}`]);
  const bigBody = big.fired.kind === "ok" ? trimmed(big.fired.value) : null;
  const length = bigBody?.[0]?.length ?? 0;
  if (length !== BIG_BODY) {
    return fail(
      `GET /bytes/${BIG_BODY} came as a body of ${length} characters, not ` +
        `${BIG_BODY}: the body is every 'data' chunk up to 'end', not the ` +
        "first chunk",
      undefined,
      (await statsNow(base)).requests,
    );
  }

  // No paths: nothing to wait for, and the Deferred fires at once.
  const none = await fire(impl, base, []);
  if (none.fired.kind !== "ok" || trimmed(none.fired.value)?.length !== 0) {
    return fail(
      `getAll with no paths should fire at once with [], yet ` +
        `${describe(none.fired)}: with nothing left to wait for, fire it`,
      HINT.order,
      [],
    );
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `both in flight at once (peak ${seen.peak}), the bodies in the order ` +
      `of the paths after ${formatMs(fired.ms)}, no connection left open, ` +
      "and the errback fired once for a reset, a 404 and two failures",
    requests: log,
  };
}
