// Tells a load generator's core from code that starts every request at
// once, runs them one at a time or in batches, loses or double-sends
// requests, swallows or throws failures, averages the latencies, ignores
// the rate, or counts latency from when a request was sent instead of
// when it was due (coordinated omission). The proof is the server's log.
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";
import { formatMs } from "../../../src/lib/format.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import * as solution from "./solution.ts";
import type { Measured, Send } from "./solution.ts";

type Impl = typeof solution;

// The closed loop: 4 workers, 48 requests. The first 4 go to a barrier
// that answers only when 4 wait together; one takes 400 ms, so that the
// other workers must go on without it; two fail with a 500.
const CONCURRENCY = 4;
const TOTAL = 48;
const BARRIER_TIMEOUT_MS = 600;
const SLOW_AT = 6;
const SLOW_MS = 400;
const FAIL_AT = [20, 33];
const FAST_MS = 20;
const CLOSED_DEADLINE_MS = 6000;
// A request that went out this much after one taken later was not taken
// in turn: a worker kept it back (its own stripe of the requests, say).
const OUT_OF_ORDER_MS = 150;
// A latency this much longer than the server took to answer counted a
// wait before the request was sent.
const NOT_SENT_YET_MS = 150;

// The open loop: one worker, 30 requests due every 20 ms (50 a second).
// Request 10 takes 300 ms: the ones due meanwhile must wait for the
// worker, and their latency must count that wait.
const RATE = 50;
const PERIOD_MS = 1000 / RATE;
const OPEN_TOTAL = 30;
const OPEN_CONCURRENCY = 1;
const STALL_AT = 10;
const STALL_MS = 300;
const OPEN_DEADLINE_MS = 4000;
// A request that went out this much later than it was due was queued.
const QUEUED_MS = 100;
// A request that arrived this much before it was due was sent early (the
// first request may be late by a new connection's set-up, the rest not).
const EARLY_MS = 60;

// Hints in hints.md, by the mistake they answer.
const HINT = {
  limitIgnored: 1,
  oneAtATime: 2,
  batches: 3,
  errors: 4,
  perRequest: 5,
  sameIndex: 6,
  rate: 7,
  omission: 8,
} as const;

const EXPECTED =
  `closedLoop: exactly ${CONCURRENCY} requests in flight (a free worker ` +
  `takes the next request at once), all ${TOTAL} sent once each, failures ` +
  "counted in `errors`, and each request's own latency; openLoop: requests " +
  "sent no earlier than due, latency counted from when each was due";

interface Failed {
  observed: string;
  hint: number;
  details?: string[];
  requests: RequestRecord[];
}

function verdict(failed: Failed): Verdict {
  return {
    passed: false,
    expected: EXPECTED,
    observed: failed.observed,
    details: failed.details ?? [],
    requests: failed.requests,
    hint: failed.hint,
  };
}

/** The index a request of the log was sent for (its `i` parameter). */
function indexOf(record: RequestRecord): number {
  return Number(/[?&]i=(\d+)/.exec(record.path)?.[1] ?? -1);
}

function closedPaths(): string[] {
  const barrier = barrierPath(CONCURRENCY, BARRIER_TIMEOUT_MS);
  return Array.from({ length: TOTAL }, (_, i) => {
    if (i < CONCURRENCY) return `${barrier}&i=${i}`;
    if (i === SLOW_AT) return `/delay/${SLOW_MS}?i=${i}`;
    if (FAIL_AT.includes(i)) return `/status/500?i=${i}`;
    return `/delay/${FAST_MS}?i=${i}`;
  });
}

/**
 * Calls `run` with a `send` for `paths`; once `run` settles, requests its
 * workers still send (after a throw, say) are aborted, so that they cannot
 * spill into the next part of the check.
 */
function runWith<T>(
  server: ServerClient,
  paths: string[],
  signal: AbortSignal,
  run: (send: Send) => Promise<T>,
): Promise<T> {
  const settled = new AbortController();
  const both = AbortSignal.any([signal, settled.signal]);
  const running = run(sender(server, paths, both));
  return running.finally(() => settled.abort());
}

function sender(server: ServerClient, paths: string[], signal: AbortSignal) {
  return async (i: number): Promise<void> => {
    const path = paths[i];
    if (path === undefined) {
      throw new RangeError(`send(${i}): there is no request ${i}`);
    }
    await fetchPath(server.url, path, { signal });
  };
}

/** Why it did not settle with a result, in words; null if it did. */
function settleProblem(
  error: string | null,
  value: unknown,
  requests: RequestRecord[],
  what: string,
): Failed | null {
  if (error !== null && /had not finished/.test(error)) {
    return {
      observed: `${what} ${error}`,
      hint: HINT.oneAtATime,
      requests,
    };
  }
  if (error !== null) {
    return {
      observed:
        `${what} rejected (${error}): a failed request must be counted ` +
        "in `errors`, and the loop must go on",
      hint: HINT.errors,
      requests,
    };
  }
  const measured = value as Partial<Measured> | null;
  if (
    measured === null ||
    !Array.isArray(measured.latenciesMs) ||
    typeof measured.errors !== "number"
  ) {
    return {
      observed: `${what} resolved with ${JSON.stringify(value)}, not { latenciesMs, errors }`,
      hint: HINT.perRequest,
      requests,
    };
  }
  return null;
}

/** A request sent twice, or never, by the server's log. */
function sentOnceEach(
  total: number,
  requests: RequestRecord[],
  what: string,
  failed: number[] = [],
): Failed | null {
  const sent = new Array<number>(total).fill(0);
  for (const record of requests) {
    const i = indexOf(record);
    if (i >= 0 && i < total) sent[i] = (sent[i] ?? 0) + 1;
  }
  const twice = sent.findIndex((n) => n > 1);
  const never = sent.flatMap((n, i) => (n === 0 ? [i] : []));
  if (twice === -1 && never.length === 0 && requests.length === total) {
    return null;
  }
  if (twice !== -1 && failed.includes(twice)) {
    return {
      observed:
        `${what}: request ${twice}, which failed with a 500, was sent ` +
        `${sent[twice]} times: a load generator counts a failure in ` +
        "`errors` and does not send the request again",
      hint: HINT.errors,
      requests,
    };
  }
  if (twice !== -1) {
    return {
      observed:
        `${what}: request ${twice} was sent ${sent[twice]} times` +
        (never.length > 0
          ? ` and ${never.length} were never sent (${never.slice(0, 5).join(", ")}…)`
          : "") +
        ": two workers took the same index; each of the " +
        `${total} requests must be sent exactly once`,
      hint: HINT.sameIndex,
      requests,
    };
  }
  return {
    observed:
      `${what}: the server got ${requests.length} requests, not ${total}` +
      (never.length > 0
        ? ` (never sent: ${never.slice(0, 5).join(", ")})`
        : "") +
      `; each of the ${total} requests must be sent exactly once`,
    hint: HINT.sameIndex,
    requests,
  };
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function checkClosed(
  impl: Impl,
  server: ServerClient,
): Promise<Failed | RequestRecord[]> {
  const paths = closedPaths();
  const seen = await observe(server, CLOSED_DEADLINE_MS, (signal) =>
    runWith(server, paths, signal, (send) =>
      impl.closedLoop(TOTAL, CONCURRENCY, send),
    ),
  );
  const { peak, requests } = seen;
  const what = `closedLoop(${TOTAL}, ${CONCURRENCY})`;
  if (peak > CONCURRENCY) {
    return {
      observed:
        `${what}: peak ${peak} in flight, over the limit of ${CONCURRENCY}: ` +
        "it started requests without waiting for a free worker",
      hint: HINT.limitIgnored,
      requests,
    };
  }
  if (peak < CONCURRENCY) {
    const barrier = requests.filter((r) => r.status === 408).length;
    return {
      observed:
        `${what}: peak ${peak} in flight, never ${CONCURRENCY} at once` +
        (peak <= 1 ? ": it sent one request at a time" : "") +
        (barrier > 0
          ? ` (the barrier for ${CONCURRENCY} timed out ${barrier} times)`
          : ""),
      hint: HINT.oneAtATime,
      ...(seen.error !== null && { details: [seen.error] }),
      requests,
    };
  }
  const unsettled = settleProblem(seen.error, seen.value, requests, what);
  if (unsettled !== null) return unsettled;
  const once = sentOnceEach(TOTAL, requests, what, FAIL_AT);
  if (once !== null) return once;
  const { latenciesMs, errors } = seen.value!;
  if (errors !== FAIL_AT.length) {
    return {
      observed:
        `${what}: errors is ${errors}, but ${FAIL_AT.length} requests ` +
        `(${FAIL_AT.join(" and ")}) answered 500` +
        (errors === 0 ? ": the failures were swallowed" : ""),
      hint: HINT.errors,
      requests,
    };
  }
  // Batches: while the slow request ran, the other workers must have gone
  // on taking requests.
  const slow = requests.find((r) => indexOf(r) === SLOW_AT);
  const slowEnd = slow?.finishedAt ?? 0;
  const during = requests.filter(
    (r) =>
      slow !== undefined &&
      r.arrivedAt > slow.arrivedAt + 20 &&
      r.arrivedAt < slowEnd,
  ).length;
  if (slow !== undefined && during < CONCURRENCY) {
    const resumed = requests
      .filter((r) => r.arrivedAt >= slowEnd - 1 && indexOf(r) > SLOW_AT)
      .map(indexOf)
      .sort((a, b) => a - b);
    return {
      observed:
        `${what}: while request ${SLOW_AT} took ${formatMs(SLOW_MS)}, only ` +
        `${during} other requests started; ${resumed.length} waited until it ` +
        "had finished, so it ran in batches: each batch waits for its " +
        "slowest request while the other workers sit idle",
      hint: HINT.batches,
      requests,
    };
  }
  // A free worker takes the next index nobody has taken, so the requests
  // go out in the order of their indices.
  const arrived = new Map(requests.map((r) => [indexOf(r), r.arrivedAt]));
  for (let i = 0; i < TOTAL; i++) {
    const at = arrived.get(i) ?? 0;
    const later = requests.find(
      (r) => indexOf(r) > i && r.arrivedAt < at - OUT_OF_ORDER_MS,
    );
    if (later === undefined) continue;
    return {
      observed:
        `${what}: request ${i} went out ${formatMs(at - later.arrivedAt)} ` +
        `after request ${indexOf(later)}, which comes later: the workers ` +
        "did not take the requests in turn (each its own stripe, w, w + " +
        `${CONCURRENCY}, w + ${2 * CONCURRENCY}…?), so a slow request held ` +
        "back the ones behind it while other workers ran ahead; a free " +
        "worker takes the next request nobody has taken",
      hint: HINT.batches,
      requests,
    };
  }
  const shapeOk =
    latenciesMs.length === TOTAL &&
    latenciesMs.every((ms) => Number.isFinite(ms) && ms >= 0);
  const slowMs = latenciesMs[SLOW_AT] ?? 0;
  const typical = median(latenciesMs);
  const misplaced = latenciesMs.findIndex(
    (ms, i) => i !== SLOW_AT && ms >= SLOW_MS * 0.8,
  );
  if (shapeOk && slowMs < SLOW_MS * 0.8 && misplaced !== -1) {
    return {
      observed:
        `${what}: latenciesMs[${misplaced}] says ` +
        `${formatMs(latenciesMs[misplaced] ?? 0)}, but the slow request ` +
        `was ${SLOW_AT} (latenciesMs[${SLOW_AT}] says ${formatMs(slowMs)}): ` +
        "the latencies are not by request; store request i's in " +
        "latenciesMs[i], not in the order the answers came",
      hint: HINT.perRequest,
      requests,
    };
  }
  // Each latency against the server's own time for the request: a client
  // adds a little, not a wait for a free worker. The last quarter of the
  // requests would have waited longest for one.
  const excess = median(
    requests.flatMap((r) => {
      if (indexOf(r) < (TOTAL * 3) / 4) return [];
      const ms = latenciesMs[indexOf(r)];
      return typeof ms === "number" && r.finishedAt !== null
        ? [ms - (r.finishedAt - r.arrivedAt)]
        : [];
    }),
  );
  if (shapeOk && excess > NOT_SENT_YET_MS) {
    return {
      observed:
        `${what}: the last ${TOTAL / 4} requests' latencies are (by the ` +
        `median) ${formatMs(excess)} longer than the server took to ` +
        "answer them: the " +
        "clock started before the request was sent (when its task was " +
        "made, or while it waited for a free worker); read it just before " +
        "`send(i)`",
      hint: HINT.perRequest,
      requests,
    };
  }
  if (!shapeOk || slowMs < SLOW_MS * 0.8 || typical > SLOW_MS / 2) {
    const same = new Set(latenciesMs.map((ms) => ms.toFixed(3))).size === 1;
    return {
      observed:
        `${what}: latenciesMs has ${latenciesMs.length} entries; ` +
        (shapeOk
          ? `latenciesMs[${SLOW_AT}], the ${formatMs(SLOW_MS)} request, ` +
            `says ${formatMs(slowMs)} and the median ${formatMs(typical)}`
          : "not every entry is a duration") +
        (same ? "; every request has the same latency" : "") +
        ": record each request's own latency, not an average",
      hint: HINT.perRequest,
      requests,
    };
  }
  return requests;
}

function openPaths(): string[] {
  return Array.from({ length: OPEN_TOTAL }, (_, i) =>
    i === STALL_AT ? `/delay/${STALL_MS}?i=${i}` : `/delay/0?i=${i}`,
  );
}

async function checkOpen(
  impl: Impl,
  server: ServerClient,
): Promise<Failed | RequestRecord[]> {
  const paths = openPaths();
  const seen = await observe(server, OPEN_DEADLINE_MS, (signal) =>
    runWith(server, paths, signal, (send) =>
      impl.openLoop(OPEN_TOTAL, RATE, OPEN_CONCURRENCY, send),
    ),
  );
  const { peak, requests } = seen;
  const what = `openLoop(${OPEN_TOTAL}, ${RATE}/s, ${OPEN_CONCURRENCY})`;
  if (peak > OPEN_CONCURRENCY) {
    return {
      observed:
        `${what}: peak ${peak} in flight, over the limit of ` +
        `${OPEN_CONCURRENCY}: requests that fall due while every worker is ` +
        "busy must wait for a free one",
      hint: HINT.limitIgnored,
      requests,
    };
  }
  const unsettled = settleProblem(seen.error, seen.value, requests, what);
  if (unsettled !== null) return unsettled;
  const once = sentOnceEach(OPEN_TOTAL, requests, what);
  if (once !== null) return once;
  // The rate: the last request is due (OPEN_TOTAL - 1) periods after the
  // first, so the arrivals cannot be squeezed into less.
  const arrivals = Array.from(
    { length: OPEN_TOTAL },
    (_, i) => requests.find((r) => indexOf(r) === i)?.arrivedAt ?? 0,
  );
  const first = arrivals[0] ?? 0;
  const spanMs = Math.max(...arrivals) - first;
  const dueSpanMs = (OPEN_TOTAL - 1) * PERIOD_MS;
  const early = arrivals.findIndex(
    (at, i) => i <= STALL_AT && i * PERIOD_MS - (at - first) > EARLY_MS,
  );
  if (early !== -1 || spanMs < dueSpanMs * 0.9) {
    const shown = early === -1 ? OPEN_TOTAL - 1 : early;
    return {
      observed:
        `${what}: request ${shown} arrived ` +
        `${formatMs((arrivals[shown] ?? 0) - first)} after the first, but ` +
        `it was due only at ${formatMs(shown * PERIOD_MS)} (one every ` +
        `${formatMs(PERIOD_MS)}): it ignored the rate`,
      hint: HINT.rate,
      requests,
    };
  }
  // A correct latency is at least how late the request went out: the
  // server's clock says that, from the first arrival.
  const { latenciesMs } = seen.value!;
  const queued = arrivals.flatMap((at, i) => {
    const lateMs = at - first - i * PERIOD_MS;
    return i !== STALL_AT && lateMs > QUEUED_MS ? [{ i, lateMs }] : [];
  });
  const hidden = queued.find(({ i, lateMs }) => {
    const ms = latenciesMs[i];
    return !(typeof ms === "number" && ms >= lateMs - 5);
  });
  if (hidden !== undefined) {
    const { i, lateMs } = hidden;
    return {
      observed:
        `${what}: request ${i} was due at ${formatMs(i * PERIOD_MS)} but ` +
        `went out ${formatMs(lateMs)} late, behind the ${formatMs(STALL_MS)} ` +
        `request ${STALL_AT}; latenciesMs[${i}] says ` +
        `${formatMs(latenciesMs[i] ?? 0)}: it counted from when the request ` +
        "was sent, not from when it was due (coordinated omission)",
      details: [
        `${queued.length} requests waited for the worker like this one; ` +
          "a user of the stalled server would have waited as long",
      ],
      hint: HINT.omission,
      requests,
    };
  }
  // The last request went out on time: its latency is a millisecond or
  // two, not its due time.
  const last = OPEN_TOTAL - 1;
  const lastLate = (arrivals[last] ?? 0) - first - last * PERIOD_MS;
  const lastMs = latenciesMs[last] ?? 0;
  if (lastLate < QUEUED_MS / 2 && lastMs > QUEUED_MS + lastLate) {
    return {
      observed:
        `${what}: request ${last} went out on time and the server answered ` +
        `at once, yet latenciesMs[${last}] says ${formatMs(lastMs)}: count ` +
        "each latency from when its request was due, not from the start " +
        "of the run",
      hint: HINT.omission,
      requests,
    };
  }
  if (queued.length === 0) {
    return {
      observed:
        `${what}: no request waited behind the ${formatMs(STALL_MS)} one, ` +
        `although only ${OPEN_CONCURRENCY} may be in flight`,
      hint: HINT.rate,
      requests,
    };
  }
  return requests;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["closedLoop", "openLoop"]);
  if (missing !== undefined) return missing;
  if (
    impl !== solution &&
    impl.closedLoop === solution.closedLoop &&
    impl.openLoop === solution.openLoop
  ) {
    return {
      passed: false,
      expected: EXPECTED,
      observed:
        "your closedLoop and openLoop are the worked solution's own, " +
        "re-exported from exercise/solution.ts: write them in task.ts",
    };
  }
  const closed = await checkClosed(impl, server);
  if (!Array.isArray(closed)) return verdict(closed);
  const open = await checkOpen(impl, server);
  if (!Array.isArray(open)) return verdict(open);
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `closedLoop: peak ${CONCURRENCY} in flight, ${TOTAL} requests once ` +
      `each, ${FAIL_AT.length} errors counted, the ${formatMs(SLOW_MS)} ` +
      "request held up no other worker; openLoop: sent at " +
      `${RATE}/s, and the requests queued behind the stall counted it`,
    requests: open,
  };
}
