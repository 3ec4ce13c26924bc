// Tells a keep-alive client that ramps up, keeps each connection with HEAD
// after a pause, counts failures and closes everything on abort, from one
// that opens a connection per request, ramps faster or slower than asked or
// all at once, sends without a pause or with one of its own, lets one
// failure end the run, hides failures, keeps a failed connection open,
// goes on after the abort, or leaves its connections open. It reads what
// the server saw (its connections, its log of requests, what stayed open
// after the client returned) and what the code did with the plan (when it
// called `open`, how often it drew a pause, how many `head()` calls were
// answered).
import { setTimeout as sleep } from "node:timers/promises";
import { collectUnhandledRejections } from "../../../src/lib/check-guards.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type {
  RequestRecord,
  ServerClient,
  ServerStats,
} from "../../../src/server/types.ts";
import { openHeadConnection, type HeadConnection } from "./head-connection.ts";
import type { Plan, Tally } from "./solution.ts";

type KeepAlive = (plan: Plan) => Promise<Tally>;

const CONNECTIONS = 120;
const PER_TICK = 10;
const TICK_MS = 50;
// The ramp takes 11 ticks at least: 550 ms.
const RAMP_MS = (CONNECTIONS / PER_TICK - 1) * TICK_MS;
const PAUSE_MS = { min: 80, max: 120 };
// How long the ramp may take (it slips on a busy machine), and how long
// the connections then run on before the abort.
const RAMP_WITHIN_MS = 4000;
const HOLD_MS = 450;
// A connection opened this long before the abort had time for two HEADs.
const TIME_FOR_TWO_MS = 350;
const STOP_WITHIN_MS = 2000;
const RESET_CONNECTIONS = 20;
const STATUS_CONNECTIONS = 10;
// The abort during the ramp: it comes as the code asks for connection
// ABORT_AT (the first of the third tick), and the check holds that one and
// every later one until HELD_MS after the abort; meanwhile every connection
// that did open is in a pause of LONG_PAUSE_MS.
const ABORT_AT = 20;
const ABORT_CONNECTIONS = 40;
const HELD_MS = 100;
const LONG_PAUSE_MS = 4000;

const EXPECTED =
  `${CONNECTIONS} connections opened ${PER_TICK} every ${TICK_MS} ms and ` +
  "kept open, each sending HEAD after a pause again and again; a failure " +
  "counted and ending its own connection only; on abort, every connection " +
  "closed and keepAlive resolved";

function fail(observed: string, hint: number, details: string[] = []): Verdict {
  return { passed: false, expected: EXPECTED, observed, details, hint };
}

type Settled =
  | { state: "resolved"; value: Tally; ms: number }
  | { state: "rejected"; error: unknown; ms: number }
  | { state: "pending"; ms: number };

/** How `work` settled within `ms` of `since`. */
async function within(
  work: Promise<Tally>,
  ms: number,
  since: number,
): Promise<Settled> {
  const stop = new AbortController();
  const timeout = sleep(ms - (performance.now() - since), undefined, {
    signal: stop.signal,
  }).then(
    (): Settled => ({ state: "pending", ms }),
    (): Settled => ({ state: "pending", ms }),
  );
  const settled = work.then(
    (value): Settled => ({
      state: "resolved",
      value,
      ms: performance.now() - since,
    }),
    (error: unknown): Settled => ({
      state: "rejected",
      error,
      ms: performance.now() - since,
    }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    stop.abort();
  }
}

/** The server's records, by connection, in order of arrival. */
function byConnection(requests: RequestRecord[]): RequestRecord[][] {
  const map = new Map<number, RequestRecord[]>();
  for (const r of requests) {
    const list = map.get(r.connectionId) ?? [];
    list.push(r);
    map.set(r.connectionId, list);
  }
  return [...map.values()];
}

/** The most of the times `times` (in order) within `windowMs` of each
 * other. */
function busiest(times: number[], windowMs: number): number {
  let most = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= windowMs) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

/** The server's open connections once they are down to `floor` (or
 * after 1 s). */
async function openAfter(server: ServerClient, floor: number): Promise<number> {
  let open = (await server.stats()).openConnections;
  for (let i = 0; i < 20 && open > floor; i++) {
    await sleep(50);
    open = (await server.stats()).openConnections;
  }
  return open;
}

/**
 * Waits until the server holds `wanted` connections (or the ramp's time is
 * up, or the code opens far more than it should), then HOLD_MS more.
 */
async function rampThenHold(
  server: ServerClient,
  working: Promise<Tally>,
  wanted: number,
): Promise<Settled> {
  const started = performance.now();
  for (;;) {
    const settled = await within(working, 50, performance.now());
    if (settled.state !== "pending") return settled;
    const stats = await server.stats();
    if (stats.openConnections >= wanted) break;
    if (stats.totalConnections > wanted * 3) break;
    if (performance.now() - started > RAMP_WITHIN_MS) break;
  }
  return within(working, HOLD_MS, performance.now());
}

/** Polls the server's stats until `done` says so, or RAMP_WITHIN_MS. */
async function untilStats(
  server: ServerClient,
  working: Promise<Tally>,
  done: (stats: ServerStats) => boolean,
): Promise<Settled> {
  const started = performance.now();
  for (;;) {
    const settled = await within(working, 50, performance.now());
    if (settled.state !== "pending") return settled;
    if (done(await server.stats())) return settled;
    if (performance.now() - started > RAMP_WITHIN_MS) return settled;
  }
}

interface RunOptions {
  path: string;
  connections: number;
  perTick: number;
  tickMs: number;
  /** Fixed, or (null) until all are open and then HOLD_MS more; with
   * `abortAtOpen`, until that open. */
  runMs: number | null;
  /** The plan's pauses (default: PAUSE_MS.min to PAUSE_MS.max). */
  pauseMs?: () => number;
  /** Abort when the code asks for this connection (0-based), and hold it
   * and every later one until HELD_MS after the abort. */
  abortAtOpen?: number;
  /** Abort once the server's stats say so (or after RAMP_WITHIN_MS). */
  until?: (stats: ServerStats, before: number) => boolean;
}

interface Run {
  outcome: Settled;
  /** When the code called `plan.open`, by this process's clock. */
  openedAt: number[];
  /** Calls of `plan.open` after the abort. */
  openedAfterAbort: number;
  /** Calls of `plan.open` not yet answered when keepAlive settled. */
  openingAtEnd: number;
  /** Calls of `plan.pauseMs`, up to the moment `during` was read. */
  pausesDrawn: number;
  /** `head()` calls that resolved, up to the moment keepAlive settled. */
  headsAnswered: number;
  /** When the abort came, in the server log's milliseconds. */
  abortedAt: number;
  /** The server's stats just before the abort. */
  during: ServerStats;
  /** Open on the server after keepAlive returned. */
  leftOpen: number;
  /** Open on the server before the run. */
  before: number;
  unhandled: unknown[];
}

async function run(
  keepAlive: KeepAlive,
  server: ServerClient,
  options: RunOptions,
): Promise<Run> {
  const { path, connections, perTick, tickMs, runMs, abortAtOpen, until } =
    options;
  const rampedUp =
    runMs === null && abortAtOpen === undefined && until === undefined;
  await server.reset();
  const before = (await server.stats()).openConnections;
  const controller = new AbortController();
  const aborted = new Promise<void>((resolve) =>
    controller.signal.addEventListener("abort", () => resolve(), {
      once: true,
    }),
  );
  let reachAbortPoint = (): void => {};
  const abortPoint = new Promise<void>((resolve) => {
    reachAbortPoint = resolve;
  });
  // Every connection handed out, to close what the code leaves open once
  // the run is measured: the next run must start from nothing.
  const handedOut: HeadConnection[] = [];
  const opens: Promise<unknown>[] = [];
  const openedAt: number[] = [];
  let openedAfterAbort = 0;
  let opening = 0;
  let pausesDrawn = 0;
  let headsAnswered = 0;
  let settledAt: { opening: number; heads: number } | null = null;
  const open = (url: string): Promise<HeadConnection> => {
    const opened = openCounted(url);
    opens.push(opened.catch(() => {}));
    return opened;
  };
  const openCounted = async (url: string): Promise<HeadConnection> => {
    const index = openedAt.length;
    openedAt.push(performance.now());
    if (controller.signal.aborted) openedAfterAbort++;
    opening++;
    try {
      if (abortAtOpen !== undefined && index >= abortAtOpen) {
        if (index === abortAtOpen) reachAbortPoint();
        await aborted;
        await sleep(HELD_MS);
      }
      const connection = await openHeadConnection(url);
      handedOut.push(connection);
      // The code's connection counts the answers it gets.
      return {
        head: () =>
          connection.head().then(() => {
            headsAnswered++;
          }),
        close: () => connection.close(),
      };
    } finally {
      opening--;
    }
  };
  const pauseMs =
    options.pauseMs ??
    (() => PAUSE_MS.min + Math.random() * (PAUSE_MS.max - PAUSE_MS.min));
  const guarded = await collectUnhandledRejections(async () => {
    const working = (async () =>
      keepAlive({
        url: `${server.url}${path}`,
        connections,
        perTick,
        tickMs,
        pauseMs: () => {
          pausesDrawn++;
          return pauseMs();
        },
        open,
        signal: controller.signal,
      }))();
    working.then(
      () => (settledAt = { opening, heads: headsAnswered }),
      () => (settledAt = { opening, heads: headsAnswered }),
    );
    let early: Settled;
    if (rampedUp) {
      early = await rampThenHold(server, working, before + connections);
    } else if (abortAtOpen !== undefined) {
      const reached = abortPoint.then((): Settled => ({
        state: "pending",
        ms: 0,
      }));
      early = await Promise.race([
        reached,
        within(working, RAMP_WITHIN_MS, performance.now()),
      ]);
      // Opens asked for in the same turn as the one that reached the
      // point come before the abort.
      await new Promise((resolve) => setImmediate(resolve));
    } else if (until !== undefined) {
      early = await untilStats(server, working, (s) => until(s, before));
    } else {
      early = await within(working, runMs ?? 0, performance.now());
    }
    const during = await server.stats();
    const drawn = pausesDrawn;
    // When the abort came, on the clock of the server's log.
    const abortedAt = Date.now() - during.epoch;
    controller.abort();
    const outcome =
      early.state === "pending"
        ? await within(working, STOP_WITHIN_MS, performance.now())
        : early;
    const leftOpen = Math.max(0, (await openAfter(server, before)) - before);
    const end = settledAt as { opening: number; heads: number } | null;
    return {
      outcome,
      before,
      during,
      leftOpen,
      abortedAt,
      openedAt,
      openedAfterAbort,
      openingAtEnd: end?.opening ?? opening,
      pausesDrawn: drawn,
      headsAnswered: end?.heads ?? headsAnswered,
    };
  });
  // A connection the check held may open after keepAlive returned.
  await Promise.all(opens);
  for (const connection of handedOut) connection.close();
  return { ...guarded.value, unhandled: guarded.unhandled };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connections asked for per tick, from when `plan.open` was called. */
function perTickSeen(openedAt: number[], tickMs: number): number {
  if (openedAt.length === 0) return 0;
  const span = openedAt.at(-1)! - openedAt[0]!;
  return openedAt.length / (Math.floor(span / tickMs) + 1);
}

/** The ramp's time, from the first call of `plan.open` to the last. */
function rampSpan(openedAt: number[]): number {
  return openedAt.length === 0 ? 0 : openedAt.at(-1)! - openedAt[0]!;
}

/** The main run: a healthy server, then the abort. */
async function healthy(
  keepAlive: KeepAlive,
  server: ServerClient,
): Promise<Verdict | null> {
  const {
    outcome,
    during,
    leftOpen,
    unhandled,
    openedAt,
    abortedAt,
    pausesDrawn,
    headsAnswered,
  } = await run(keepAlive, server, {
    path: "/",
    connections: CONNECTIONS,
    perTick: PER_TICK,
    tickMs: TICK_MS,
    runMs: null,
  });
  const requests = during.requests;
  const connections = byConnection(requests);
  if (outcome.state === "rejected") {
    return fail(
      `keepAlive rejected (${describeError(outcome.error)}) against a healthy server`,
      4,
    );
  }
  if (during.totalConnections > CONNECTIONS + 5) {
    return fail(
      `the server accepted ${during.totalConnections} connections for ` +
        `${during.totalRequests} requests: a new ` +
        "connection for every request, instead of keeping each one open " +
        "for the next",
      1,
    );
  }
  if (openedAt.length === 0 && during.totalConnections > 0) {
    return fail(
      "keepAlive opened its connections without `plan.open`: use the one " +
        "the plan hands you, so that the check can see them",
      1,
    );
  }
  if (during.openConnections < CONNECTIONS * 0.9) {
    const oneAtATime = during.totalConnections <= 2;
    const seen = perTickSeen(openedAt, TICK_MS);
    const slow = !oneAtATime && seen < PER_TICK / 2;
    return fail(
      `only ${during.openConnections} of ${CONNECTIONS} connections were ` +
        `open at once, ${formatMs(RAMP_WITHIN_MS)} after the start` +
        (oneAtATime
          ? ": one connection at a time, each waiting for the one before " +
            "to end (do not await a connection's life in the ramp)"
          : slow
            ? `: the ramp was slower than asked, about ${seen.toFixed(1)} ` +
              `new connections every ${TICK_MS} ms where ${PER_TICK} were ` +
              "asked for"
            : ""),
      oneAtATime || slow ? 2 : 1,
    );
  }
  // Timers never fire early: a ramp that waits a tick after each
  // `perTick` calls `open` at most `perTick` times within half a tick.
  const crowd = busiest(openedAt, TICK_MS / 2);
  if (crowd > PER_TICK * 3) {
    const firsts = connections.map((c) => c[0]!.arrivedAt);
    const spread = Math.max(...firsts) - Math.min(...firsts);
    return fail(
      `opened all at once: ${crowd} of ${CONNECTIONS} connections within ` +
        `${TICK_MS / 2} ms, and the server had the first HEAD of all of ` +
        `them within ${formatMs(spread)} (a ramp of ${PER_TICK} every ` +
        `${TICK_MS} ms takes ${formatMs(RAMP_MS)} at least)`,
      2,
    );
  }
  // A ramp of `perTick` every `tickMs` has its last tick RAMP_MS after its
  // first, or later: timers never fire early.
  const span = rampSpan(openedAt);
  if (span < RAMP_MS * 0.9) {
    return fail(
      `the ramp was faster than asked: ${openedAt.length} connections in ` +
        `${formatMs(span)}, where ${PER_TICK} every ${TICK_MS} ms takes ` +
        `${formatMs(RAMP_MS)} at least (use \`plan.perTick\` and ` +
        "`plan.tickMs`)",
      2,
    );
  }
  // Only the connections that had time for two HEADs before the abort.
  const settled = connections.filter(
    (c) => c[0]!.arrivedAt < abortedAt - TIME_FOR_TWO_MS,
  );
  const fewest = Math.min(...settled.map((c) => c.length));
  if (settled.length > 0 && fewest < 2) {
    return fail(
      `some connections carried only ${fewest} request: after the first ` +
        "HEAD they went quiet, and a server closes a quiet connection in " +
        "the end",
      3,
    );
  }
  const gaps = connections.flatMap((c) =>
    c.slice(1).map((r, i) => r.arrivedAt - c[i]!.arrivedAt),
  );
  const shortest = Math.min(...gaps);
  if (shortest < PAUSE_MS.min / 2) {
    return fail(
      `sent HEAD again ${formatMs(shortest)} after the one before, without ` +
        `a pause: ${during.totalRequests} requests from ${CONNECTIONS} ` +
        `connections, with pauses of ${PAUSE_MS.min}-${PAUSE_MS.max} ms ` +
        "asked for",
      3,
    );
  }
  // Every HEAD after a connection's first came after a pause drawn for it.
  const again = gaps.length;
  if (pausesDrawn < again) {
    return fail(
      `drew a pause from \`plan.pauseMs()\` ` +
        `${pausesDrawn === 1 ? "once" : `${pausesDrawn} times`} for ` +
        `${again} HEADs sent again: not a pause of the plan's before each ` +
        "one (draw a new one every time)",
      3,
    );
  }
  if (outcome.state === "pending") {
    return fail(
      `keepAlive was still running ${formatMs(STOP_WITHIN_MS)} after the ` +
        "abort: stop the pauses and close the connections when the signal " +
        "aborts, then resolve",
      5,
    );
  }
  if (leftOpen > 0) {
    return fail(
      `${leftOpen} connections were still open on the server after ` +
        "keepAlive returned: close every connection when the signal aborts",
      5,
    );
  }
  const tally = outcome.value;
  if (tally.errors > 0) {
    return fail(
      `counted ${tally.errors} errors though no request failed: an abort ` +
        "is not a failure",
      4,
    );
  }
  if (tally.opened !== CONNECTIONS) {
    return fail(
      `the tally says ${tally.opened} connections opened, the server saw ${during.totalConnections}`,
      3,
    );
  }
  if (tally.responses !== headsAnswered) {
    return fail(
      `the tally says ${tally.responses} responses, but \`head()\` ` +
        `resolved ${headsAnswered} times: count a response once its ` +
        "`head()` has resolved",
      3,
    );
  }
  if (unhandled.length > 0) {
    return fail(
      `a promise rejected with no handler: ${describeError(unhandled[0])}`,
      4,
    );
  }
  return null;
}

/** Every connection reset by the server: each failure counted, once. */
async function resets(
  keepAlive: KeepAlive,
  server: ServerClient,
): Promise<Verdict | null> {
  const { outcome, leftOpen, unhandled, headsAnswered } = await run(
    keepAlive,
    server,
    {
      path: "/fault/reset",
      connections: RESET_CONNECTIONS,
      perTick: 10,
      tickMs: 10,
      runMs: null,
      // Every connection asked, and every one reset.
      until: (stats, before) =>
        stats.totalRequests >= RESET_CONNECTIONS &&
        stats.openConnections <= before,
    },
  );
  if (outcome.state === "rejected") {
    return fail(
      `keepAlive rejected (${describeError(outcome.error)}) when the server ` +
        "reset its connections: one connection's error ended the run for " +
        "all of them",
      4,
    );
  }
  if (outcome.state === "pending") {
    return fail(
      `keepAlive was still running ${formatMs(STOP_WITHIN_MS)} after the ` +
        "abort, with every connection reset by the server",
      4,
    );
  }
  const { errors, responses } = outcome.value;
  if (errors === 0) {
    return fail(
      `counted 0 errors for ${RESET_CONNECTIONS} connections the server ` +
        "reset: a failure was swallowed, and the tally hides it",
      4,
    );
  }
  if (errors !== RESET_CONNECTIONS) {
    return fail(
      `counted ${errors} errors for ${RESET_CONNECTIONS} connections the ` +
        "server reset: a failure ends its connection, and counts once",
      4,
    );
  }
  if (responses !== headsAnswered) {
    return fail(
      `the tally says ${responses} responses, but the server reset every ` +
        `connection and \`head()\` resolved ${headsAnswered} times: count ` +
        "a response once its `head()` has resolved, not when it is sent",
      3,
    );
  }
  if (leftOpen > 0 || unhandled.length > 0) {
    return fail(
      leftOpen > 0
        ? `${leftOpen} connections were left open after the resets`
        : `a promise rejected with no handler: ${describeError(unhandled[0])}`,
      4,
    );
  }
  return null;
}

/** Every answer a 503, on connections the server keeps open: the code's
 * own failure ends its connection, and it closes it. */
async function errorAnswers(
  keepAlive: KeepAlive,
  server: ServerClient,
): Promise<Verdict | null> {
  const { outcome, during, before, unhandled } = await run(keepAlive, server, {
    path: "/status/503",
    connections: STATUS_CONNECTIONS,
    perTick: 10,
    tickMs: 10,
    runMs: null,
    // Every connection answered, and closed by the code.
    until: (stats, before) =>
      stats.totalRequests >= STATUS_CONNECTIONS &&
      stats.openConnections <= before,
  });
  if (outcome.state !== "resolved") {
    return fail(
      outcome.state === "rejected"
        ? `keepAlive rejected (${describeError(outcome.error)}) when the ` +
            "server answered 503: one connection's error ended the run for " +
            "all of them"
        : `keepAlive was still running ${formatMs(STOP_WITHIN_MS)} after ` +
            "the abort, with every answer a 503",
      4,
    );
  }
  if (outcome.value.errors !== STATUS_CONNECTIONS) {
    return fail(
      `counted ${outcome.value.errors} errors for ${STATUS_CONNECTIONS} ` +
        "connections whose answer was a 503: a failure ends its " +
        "connection, and counts once",
      4,
    );
  }
  const stayed = during.openConnections - before;
  if (stayed > 0) {
    return fail(
      `${stayed} of ${STATUS_CONNECTIONS} connections whose answer was ` +
        "a 503 were still open on the server after the answer, before " +
        "any abort: a failure ends its connection, " +
        "so close it then (in a `finally`), not only on abort",
      5,
    );
  }
  if (unhandled.length > 0) {
    return fail(
      `a promise rejected with no handler: ${describeError(unhandled[0])}`,
      4,
    );
  }
  return null;
}

/** The abort during the ramp, while connections pause for long and the
 * last ones are still opening. */
async function abortMidRamp(
  keepAlive: KeepAlive,
  server: ServerClient,
): Promise<Verdict | null> {
  const { outcome, leftOpen, openedAfterAbort, openingAtEnd, openedAt } =
    await run(keepAlive, server, {
      path: "/",
      connections: ABORT_CONNECTIONS,
      perTick: PER_TICK,
      tickMs: TICK_MS,
      runMs: null,
      abortAtOpen: ABORT_AT,
      pauseMs: () => LONG_PAUSE_MS,
    });
  const situation =
    `the abort came during the ramp, with ${openedAt.length - ABORT_AT} ` +
    `connections still opening and the rest in a pause of ` +
    formatMs(LONG_PAUSE_MS);
  if (outcome.state === "rejected") {
    return fail(
      `keepAlive rejected (${describeError(outcome.error)}) when ` +
        `${situation}: an abort is not a failure`,
      4,
    );
  }
  if (openedAfterAbort > 0) {
    return fail(
      `asked \`plan.open\` for ${openedAfterAbort} more connections after ` +
        "the abort: the ramp must open no more once the signal has aborted",
      5,
    );
  }
  if (outcome.state === "pending") {
    return fail(
      `keepAlive was still running ${formatMs(STOP_WITHIN_MS)} after the ` +
        `abort, when ${situation}: the pause must end when the signal ` +
        "aborts (pass it the signal)",
      5,
    );
  }
  if (openingAtEnd > 0) {
    return fail(
      `keepAlive resolved while ${openingAtEnd} of its connections were ` +
        "still opening: it must resolve only once every connection has " +
        "ended",
      5,
    );
  }
  if (leftOpen > 0) {
    return fail(
      `${leftOpen} connections were still open on the server after ` +
        `keepAlive returned, when ${situation}: a connection that opens ` +
        "after the abort must be closed too (close it in a `finally`)",
      5,
    );
  }
  if (outcome.value.errors > 0) {
    return fail(
      `counted ${outcome.value.errors} errors when ${situation}: an abort ` +
        "is not a failure",
      4,
    );
  }
  return null;
}

export async function check(
  impl: Record<string, unknown>,
  server: ServerClient,
): Promise<Verdict> {
  const keepAlive = impl["keepAlive"];
  if (typeof keepAlive !== "function") {
    return {
      passed: false,
      expected: "task.ts to export an async function keepAlive(plan)",
      observed: `task.ts exports ${Object.keys(impl).join(", ") || "nothing"}, and no keepAlive`,
    };
  }
  for (const scenario of [healthy, resets, errorAnswers, abortMidRamp]) {
    const verdict = await scenario(keepAlive as KeepAlive, server);
    if (verdict) return verdict;
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `${CONNECTIONS} connections ramped up ${PER_TICK} every ${TICK_MS} ms, ` +
      "each kept with HEAD after pauses of the plan's; the resets and the " +
      "503s were counted one each and closed; the abort, after the ramp " +
      "and during it, closed every connection and ended the pauses",
  };
}
