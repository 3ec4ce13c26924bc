// Tells a pool of `limit` workers from code that runs one call at a time,
// ignores the limit, works in batches or in fixed stripes, loses the order
// of the results, or swallows a failure, by the server's log of each run.
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";
import { formatMs } from "../../../src/lib/format.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

const LIMIT = 4;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 1500;
// Room for one barrier timeout and the delays after it.
const DEADLINE_MS = 5000;
// After the barrier, different delays, so that a worker that finishes early
// takes the next one.
const AFTER_BARRIER_MS = [120, 40, 80, 60];
// One long call, then short ones, each of its own length so that the log
// tells them apart. A pool runs the short ones on the three other workers
// while the long one runs; batches and stripes make some of them wait.
const LONG_MS = 800;
const SHORT_MS = [40, 32, 48, 36, 44, 30, 46, 34, 42, 38, 50, 52];
// How long after a call finished the next item may start and still count
// as taken at once: event-loop turns and a new connection, with room for a
// busy machine. A batch or a stripe waits hundreds of milliseconds longer.
const REFILL_SLACK_MS = 200;
// A failing call among others; the map must reject with its error.
const WITH_FAILURE = [
  "/delay/100",
  "/status/500",
  "/delay/60",
  "/delay/80",
  "/delay/40",
  "/delay/20",
];
const FAILURE_DEADLINE_MS = 3000;

// Hints in hints.md, by the mistake they answer.
const HINT = {
  limitIgnored: 1,
  notConcurrent: 2,
  idleSlot: 3,
  stripes: 4,
  results: 5,
  errors: 6,
} as const;

type Impl = typeof Solution;

const EXPECTED =
  `${LIMIT} calls in flight from the start, a new one started the moment ` +
  `any call finishes, results in the order of the items, and a failure ` +
  `rejects the whole map`;

interface Failed {
  observed: string;
  expected?: string;
  hint?: number;
  details?: string[];
  requests: RequestRecord[];
}

function verdict(failed: Failed): Verdict {
  return {
    passed: false,
    expected: failed.expected ?? EXPECTED,
    observed: failed.observed,
    details: failed.details ?? [],
    requests: failed.requests,
    ...(failed.hint !== undefined && { hint: failed.hint }),
  };
}

function run(
  impl: Impl,
  server: ServerClient,
  paths: string[],
  deadlineMs = DEADLINE_MS,
) {
  return observe(server, deadlineMs, (signal) =>
    impl.mapWithLimit(paths, LIMIT, (path) =>
      fetchPath(server.url, path, { signal }),
    ),
  );
}

const body = (path: string, barrier: string): string =>
  path === barrier
    ? `released ${LIMIT} together`
    : `waited ${path.slice("/delay/".length)} ms`;

/** A failure if the results are not the bodies in the order of `paths`. */
function outOfOrder(
  paths: string[],
  barrier: string,
  value: string[] | null,
  requests: RequestRecord[],
): Failed | null {
  const wanted = paths.map((path) => body(path, barrier));
  const got = value?.map((text) => text.trim()) ?? [];
  if (got.join(", ") === wanted.join(", ")) return null;
  return {
    expected: `the results in the order of the items: ${wanted.join(", ")}`,
    observed: `the results came back as: ${got.join(", ")}`,
    hint: HINT.results,
    requests,
  };
}

/** A path that `fn` got more often than the items hold it, if any. */
function takenTwice(paths: string[], log: RequestRecord[]): string | null {
  const count = (list: string[], path: string) =>
    list.filter((p) => p === path).length;
  const sent = log.map((r) => r.path);
  const twice = paths.find((path) => count(sent, path) > count(paths, path));
  if (twice === undefined) return null;
  const never = paths.filter((path) => !sent.includes(path));
  return (
    `\`fn\` was called ${count(sent, twice)} times for ${twice}` +
    (never.length > 0 ? ` and never for ${never.join(", ")}` : "") +
    ": two workers took the same item"
  );
}

/** The barrier: exactly `LIMIT` at once, no more, no fewer. */
async function reachesTheLimit(
  impl: Impl,
  server: ServerClient,
): Promise<Failed | null> {
  const barrier = barrierPath(LIMIT, BARRIER_TIMEOUT_MS);
  const paths = [
    ...Array.from({ length: LIMIT }, () => barrier),
    ...AFTER_BARRIER_MS.map((ms) => `/delay/${ms}`),
  ];
  const seen = await run(impl, server, paths);
  const { peak, requests } = seen;
  const details = seen.error === null ? [] : [seen.error];
  const failed = (observed: string, hint: number): Failed => ({
    observed,
    hint,
    details,
    requests,
  });
  if (peak > LIMIT) {
    return failed(
      `peak ${peak} in flight, over the limit of ${LIMIT}: it ignored the limit`,
      HINT.limitIgnored,
    );
  }
  if (peak <= 1 && requests.length > 0) {
    return failed(
      `peak ${peak}: the calls ran one after another — see the timeline`,
      HINT.notConcurrent,
    );
  }
  if (peak < LIMIT) {
    return failed(
      `peak ${peak}: it never ran ${LIMIT} calls at once`,
      HINT.notConcurrent,
    );
  }
  const twice = takenTwice(paths, requests);
  if (twice !== null) return failed(twice, HINT.stripes);
  if (seen.error !== null) {
    return failed(
      `peak ${peak} as it should, but then: ${seen.error}`,
      HINT.idleSlot,
    );
  }
  if (requests.length < paths.length) {
    return failed(
      `only ${requests.length} of the ${paths.length} items were passed to ` +
        "`fn`: each worker must go on taking items until none are left",
      HINT.idleSlot,
    );
  }
  return outOfOrder(paths, barrier, seen.value, requests);
}

/** Where in `paths` each request of the log belongs (paths are unique). */
function byItem(paths: string[], log: RequestRecord[]) {
  return paths.map((path) => log.find((r) => r.path === path));
}

/** Why item `late` waited: a batch, a stripe, or just an idle slot. */
function whyItWaited(
  paths: string[],
  items: (RequestRecord | undefined)[],
  late: number,
  lateMs: number,
): { observed: string; hint: number } {
  const arrived = (i: number) => items[i]?.arrivedAt ?? Infinity;
  const finished = (i: number) => items[i]?.finishedAt ?? Infinity;
  const shown = (i: number) => `item ${i + 1} (${paths[i]})`;
  const waited = `${shown(late)} started ${formatMs(lateMs)} after a call had finished and left a slot free`;
  // Batches: the group before waits for its slowest member, and the whole
  // next group starts after it.
  const group = Math.floor(late / LIMIT) * LIMIT;
  const before = Array.from({ length: LIMIT }, (_, i) => group - LIMIT + i);
  const next = Array.from({ length: LIMIT }, (_, i) => group + i).filter(
    (i) => i < paths.length,
  );
  const groupEnd = Math.max(...before.map(finished));
  if (next.every((i) => arrived(i) >= groupEnd - REFILL_SLACK_MS / 4)) {
    return {
      observed:
        `${waited}: no item of ${next.map((i) => i + 1).join(", ")} started ` +
        `before all of ${before.map((i) => i + 1).join(", ")} had finished, ` +
        "so it ran in batches: each batch waits for its slowest call",
      hint: HINT.idleSlot,
    };
  }
  // Stripes: the item waited for the one `LIMIT` before it, the same
  // worker's, while an item further on had already started elsewhere.
  const same = late - LIMIT;
  const overtaken = paths.findIndex(
    (_, i) => i > late && arrived(i) < finished(same),
  );
  if (same >= 0 && overtaken !== -1) {
    return {
      observed:
        `${waited}: it waited for ${shown(same)}, while ${shown(overtaken)} ` +
        "had already started, so each worker took fixed stripes of the " +
        "items (every " +
        `${LIMIT}th one) instead of the next free item`,
      hint: HINT.stripes,
    };
  }
  return {
    observed: `${waited}, while fewer than ${LIMIT} were in flight`,
    hint: HINT.idleSlot,
  };
}

/** One long call and short ones: the short ones must not wait for it. */
async function keepsTheSlotsFull(
  impl: Impl,
  server: ServerClient,
): Promise<Failed | RequestRecord[]> {
  const paths = [LONG_MS, ...SHORT_MS].map((ms) => `/delay/${ms}`);
  const seen = await run(impl, server, paths);
  const { requests } = seen;
  if (seen.peak > LIMIT) {
    return {
      observed: `peak ${seen.peak} in flight with one long call and ${SHORT_MS.length} short ones, over the limit of ${LIMIT}: it ignored the limit`,
      hint: HINT.limitIgnored,
      requests,
    };
  }
  const twice = takenTwice(paths, requests);
  if (twice !== null) return { observed: twice, hint: HINT.stripes, requests };
  const items = byItem(paths, requests);
  // The k-th call to finish frees a slot, and a pool at once starts the
  // next item in line with it: item LIMIT + k - 1.
  const finishes = requests
    .map((r) => r.finishedAt ?? Infinity)
    .toSorted((a, b) => a - b);
  for (let i = LIMIT; i < paths.length; i++) {
    const freedAt = finishes[i - LIMIT] ?? Infinity;
    const startedAt = items[i]?.arrivedAt ?? Infinity;
    if (startedAt - freedAt > REFILL_SLACK_MS) {
      const lateMs = startedAt - freedAt;
      const why = Number.isFinite(lateMs)
        ? whyItWaited(paths, items, i, lateMs)
        : {
            observed: `item ${i + 1} (${paths[i]}) never started, ${seen.error ?? "yet the map finished"}`,
            hint: HINT.idleSlot,
          };
      return {
        ...why,
        details: seen.error === null ? [] : [seen.error],
        requests,
      };
    }
  }
  if (seen.error !== null) {
    return {
      observed: `with one long call and short ones, it failed: ${seen.error}`,
      requests,
    };
  }
  return outOfOrder(paths, "", seen.value, requests) ?? requests;
}

/** A call that fails rejects the map, with that call's error. */
async function rejectsOnFailure(
  impl: Impl,
  server: ServerClient,
): Promise<Failed | null> {
  const seen = await run(impl, server, WITH_FAILURE, FAILURE_DEADLINE_MS);
  const { requests } = seen;
  const expected = `with ${WITH_FAILURE.join(", ")}, the map rejects with the error of GET /status/500`;
  if (seen.error === null) {
    const shown = seen.value?.map((v) => String(v).trim()).join(", ");
    return {
      expected,
      observed: `it resolved with [${shown}] although GET /status/500 failed: the error was swallowed`,
      hint: HINT.errors,
      requests,
    };
  }
  if (/had not finished/.test(seen.error)) {
    return {
      expected,
      observed: `GET /status/500 failed, and then ${seen.error}: a failed call must reject the whole map, not stop a worker in silence`,
      hint: HINT.errors,
      requests,
    };
  }
  if (!/\b500\b/.test(seen.error)) {
    return {
      expected,
      observed: `it rejected, but not with the failure of GET /status/500: ${seen.error}`,
      hint: HINT.errors,
      requests,
    };
  }
  return null;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["mapWithLimit"]);
  if (missing !== undefined) return missing;
  const limited = await reachesTheLimit(impl, server);
  if (limited !== null) return verdict(limited);
  const pooled = await keepsTheSlotsFull(impl, server);
  if (!Array.isArray(pooled)) return verdict(pooled);
  const rejected = await rejectsOnFailure(impl, server);
  if (rejected !== null) return verdict(rejected);
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `peak ${LIMIT} in flight; while the ${formatMs(LONG_MS)} call ran, the ` +
      `${SHORT_MS.length} short ones went through the other slots; results ` +
      "in order; GET /status/500 rejected the map",
    requests: pooled,
  };
}
