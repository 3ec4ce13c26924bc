// The check of lesson 2's exercise. `getAllAtOnce` must start every request
// at once, hand the answers over in the order of the URLs, and call `done`
// exactly once on every path: when all answered, when one failed (stopping
// the others), and for an empty list (after it has returned).
import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { formatMs } from "../../../src/lib/format.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { settledStats } from "../../../src/server/settled.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

const COUNT = 3;
// How long the barrier holds a request before it gives up with a 408.
const BARRIER_TIMEOUT_MS = 800;
// Room for a few barrier timeouts in a row, so slow code still gets a verdict.
const DEADLINE_MS = 5000;
// Out of order on purpose: the last URL is not the last to finish.
const DELAYS_MS = [300, 50, 150];
// The failing request sits between two slow ones, which a correct solution
// stops as soon as it has reported the failure.
const SLOW_MS = 1500;
const FAILING = ["/delay/" + SLOW_MS, "/fault/reset", "/delay/" + SLOW_MS];
// How long the slow requests may run on after `done` reported the failure.
const CLEANUP_GRACE_MS = 500;
// An empty list needs no server at all: `done` should come at once.
const EMPTY_DEADLINE_MS = 1000;

// How a missing answer shows in a verdict.
const MISSING = "(no answer)";

// The hints (hints.md) that answer each mistake.
const HINT = { sequential: 1, loop: 2, order: 3, once: 4, stop: 5, empty: 6 };

const EXPECTED =
  `all ${COUNT} requests in flight at once, the answers in the order of ` +
  "the URLs, and done called exactly once, also on an error and for an " +
  "empty list";

interface Attempt {
  /** What the first call of `done` got, or null if it never came. */
  err: Error | null;
  /** The bodies `done` got, read when it was called (null if none). */
  bodies: string[] | null;
  called: boolean;
  /** `done` ran before `getAllAtOnce` had returned. */
  calledBeforeReturn: boolean;
  thrown: unknown;
  /** Time from the call to the first `done`. */
  ms: number;
  /** Calls of `done` so far: keeps counting after the attempt. */
  calls: () => number;
}

// `Array.from` turns the holes of a sparse array into `undefined`.
const bodiesOf = (responses: unknown): string[] | null =>
  Array.isArray(responses)
    ? Array.from(responses, (r: { body?: Buffer } | undefined) =>
        r?.body === undefined ? MISSING : String(r.body).trim(),
      )
    : null;

/** Call `getAllAtOnce` and wait for its first `done`, or the deadline. */
function attempt(
  impl: Impl,
  urls: string[],
  deadlineMs: number,
): Promise<Attempt> {
  let calls = 0;
  let returned = false;
  const start = performance.now();
  const { promise, resolve } = Promise.withResolvers<Attempt>();
  const base = {
    err: null,
    bodies: null,
    called: false,
    calledBeforeReturn: false,
    thrown: undefined,
    calls: () => calls,
  };
  const timer = setTimeout(
    () => resolve({ ...base, ms: performance.now() - start }),
    deadlineMs,
  );
  try {
    impl.getAllAtOnce(urls, (err, responses) => {
      calls += 1;
      if (calls > 1) return;
      clearTimeout(timer);
      resolve({
        ...base,
        err: err ?? null,
        // Read now: the array may still change after `done` was called.
        bodies: bodiesOf(responses),
        called: true,
        calledBeforeReturn: !returned,
        ms: performance.now() - start,
      });
    });
  } catch (thrown) {
    clearTimeout(timer);
    resolve({ ...base, thrown, ms: performance.now() - start });
  }
  returned = true;
  return promise;
}

/** The server's log once nothing is in flight, or after `graceMs`. */
async function settledRecord(
  server: ServerClient,
  graceMs: number,
): Promise<{ requests: RequestRecord[]; peak: number; inFlight: number }> {
  const stats = await settledStats(server, graceMs);
  // Two more turns of the loop, so that the close and error events of the
  // sockets just destroyed have run: a late second `done` would have come.
  await nextTurn();
  await nextTurn();
  return {
    requests: stats.requests,
    peak: stats.peakInFlight,
    inFlight: stats.inFlight,
  };
}

function fail(
  observed: string,
  hint: number | undefined,
  requests: RequestRecord[],
  details: string[] = [],
  expected = EXPECTED,
): Verdict {
  return {
    passed: false,
    expected,
    observed,
    details,
    requests,
    ...(hint === undefined ? {} : { hint }),
  };
}

function threw(a: Attempt): string {
  const message = a.thrown instanceof Error ? a.thrown.message : a.thrown;
  return `getAllAtOnce threw: ${String(message)}`;
}

/** More than one call of `done`, said with the attempt it happened in. */
function calledAgain(a: Attempt, when: string): string | null {
  const n = a.calls();
  return n > 1 ? `done was called ${n} times ${when}` : null;
}

async function checkTogether(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict | Attempt> {
  // The barrier answers only once all three requests with this key are
  // waiting, so code that sends them one at a time gets 408s instead.
  const barrier =
    `/barrier/${COUNT}?key=${randomUUID()}` + `&timeout=${BARRIER_TIMEOUT_MS}`;
  await server.reset();
  const urls = Array<string>(COUNT).fill(`${server.url}${barrier}`);
  const a = await attempt(impl, urls, DEADLINE_MS);
  const { requests, peak } = await settledRecord(server, 0);
  if (a.thrown !== undefined) return fail(threw(a), undefined, requests);
  const said = [
    ...new Set((a.bodies ?? []).map((b) => `the server said: ${b}`)),
  ];
  const doneWas = a.called
    ? a.err
      ? `done was called with an error: ${a.err.message}`
      : `done was called after ${formatMs(a.ms)}`
    : `done was not called within ${formatMs(DEADLINE_MS)}`;
  if (requests.length === 0) {
    return fail(
      `no request reached the server, and ${doneWas}`,
      HINT.loop,
      requests,
    );
  }
  if (peak < COUNT && requests.length >= COUNT) {
    const how =
      peak <= 1
        ? "each request waited for the one before it to finish"
        : "some requests waited for others to finish";
    return fail(
      `at most ${peak} of ${COUNT} requests were in flight at once: ` +
        `${how} (see the timeline)`,
      peak <= 1 ? HINT.sequential : HINT.loop,
      requests,
      said,
    );
  }
  if (peak < COUNT) {
    return fail(
      `only ${requests.length} of ${COUNT} requests reached the server, ` +
        `and ${doneWas}`,
      HINT.loop,
      requests,
      said,
    );
  }
  if (!a.called) {
    return fail(
      `all ${COUNT} requests were in flight together and answered, but ` +
        `${doneWas}: the count never said "all"`,
      HINT.once,
      requests,
    );
  }
  if (a.err) {
    return fail(`the requests overlapped, but ${doneWas}`, undefined, requests);
  }
  return a;
}

async function checkOrder(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict | Attempt> {
  await server.reset();
  const urls = DELAYS_MS.map((ms) => `${server.url}/delay/${ms}`);
  const a = await attempt(impl, urls, DEADLINE_MS);
  const { requests } = await settledRecord(server, DEADLINE_MS);
  const text = (delays: number[]) =>
    delays.map((ms) => `waited ${ms} ms`).join(", ");
  const wanted = text(DELAYS_MS);
  const expected = `done(null, responses) with the bodies in the order of the URLs: ${wanted}`;
  const got = a.bodies;
  if (a.thrown !== undefined) return fail(threw(a), undefined, requests);
  if (!a.called) {
    return fail(
      `done was not called within ${formatMs(DEADLINE_MS)}, although ` +
        `all ${COUNT} requests were answered`,
      HINT.once,
      requests,
      [],
      expected,
    );
  }
  if (a.err) {
    return fail(
      `done was called with an error: ${a.err.message}`,
      undefined,
      requests,
      [],
      expected,
    );
  }
  const answers = got?.filter((body) => body !== MISSING).length ?? 0;
  if (got === null || answers !== COUNT) {
    return fail(
      `done got ${answers} answers of ${COUNT} after ` +
        `${formatMs(a.ms)}: it was called before the last answer came in`,
      HINT.once,
      requests,
      [],
      expected,
    );
  }
  const finishOrder = text(DELAYS_MS.toSorted((x, y) => x - y));
  if (got.join(", ") === finishOrder && finishOrder !== wanted) {
    return fail(
      `done got ${got.join(", ")}: the answers are in the order the ` +
        "server finished them, not in the order of the URLs",
      HINT.order,
      requests,
      [],
      expected,
    );
  }
  if (got.join(", ") !== wanted) {
    return fail(
      `done got: ${got.join(", ")}`,
      HINT.order,
      requests,
      [],
      expected,
    );
  }
  const again = calledAgain(a, "when every request succeeded");
  if (again) return fail(again, HINT.once, requests, [], expected);
  return a;
}

async function checkFailure(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict | Attempt> {
  await server.reset();
  const urls = FAILING.map((path) => `${server.url}${path}`);
  const a = await attempt(impl, urls, SLOW_MS + 1000);
  const expected =
    "done(err) once, as soon as GET /fault/reset fails, and the other " +
    "requests stopped, not left running";
  if (a.thrown !== undefined) return fail(threw(a), undefined, []);
  const failed = "GET /fault/reset failed (the server reset it)";
  if (!a.called) {
    const { requests } = await settledRecord(server, 0);
    return fail(
      `${failed}, and done was never called: the error was swallowed`,
      HINT.once,
      requests,
      [],
      expected,
    );
  }
  if (!a.err) {
    const { requests } = await settledRecord(server, 0);
    return fail(
      `${failed}, yet done was called without an error, with ` +
        `${a.bodies?.join(", ") ?? "no answers"}: ` +
        "the error was swallowed",
      HINT.once,
      requests,
      [],
      expected,
    );
  }
  const { requests, inFlight } = await settledRecord(server, CLEANUP_GRACE_MS);
  if (inFlight > 0) {
    return fail(
      `done reported the error after ${formatMs(a.ms)}, but ${inFlight} ` +
        `requests were still running ${formatMs(CLEANUP_GRACE_MS)} later: ` +
        "nothing stopped them",
      HINT.stop,
      requests,
      ["Nobody will read their answers: abort them when one request fails."],
      expected,
    );
  }
  const again = calledAgain(a, "after one request failed");
  if (again) {
    return fail(
      `${again}: each failed or aborted request called it`,
      HINT.once,
      requests,
      [],
      expected,
    );
  }
  return a;
}

async function checkEmpty(impl: Impl): Promise<Verdict | Attempt> {
  const a = await attempt(impl, [], EMPTY_DEADLINE_MS);
  const expected =
    "done(null, []) for an empty list of URLs, called once, after " +
    "getAllAtOnce has returned";
  if (a.thrown !== undefined)
    return fail(threw(a), undefined, [], [], expected);
  await nextTurn();
  if (!a.called) {
    return fail(
      `done was never called for an empty list of URLs ` +
        `(waited ${formatMs(EMPTY_DEADLINE_MS)})`,
      HINT.empty,
      [],
      ["With no URLs, no answer will ever come to call it."],
      expected,
    );
  }
  if (a.calledBeforeReturn) {
    return fail(
      "done was called before getAllAtOnce returned, for an empty list",
      HINT.empty,
      [],
      ["A callback API calls back later, never while it is still running."],
      expected,
    );
  }
  const got = a.bodies;
  if (a.err || got === null || got.length > 0) {
    return fail(
      `for an empty list, done got ${a.err ? `an error: ${a.err.message}` : JSON.stringify(got)}`,
      HINT.empty,
      [],
      [],
      expected,
    );
  }
  const again = calledAgain(a, "for an empty list");
  if (again) return fail(again, HINT.empty, [], [], expected);
  return a;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["getAllAtOnce"]);
  if (missing) return missing;

  const together = await checkTogether(impl, server);
  if ("passed" in together) return together;
  const { requests, peak } = await settledRecord(server, 0);
  const ordered = await checkOrder(impl, server);
  if ("passed" in ordered) return ordered;
  const failure = await checkFailure(impl, server);
  if ("passed" in failure) return failure;
  const empty = await checkEmpty(impl);
  if ("passed" in empty) return empty;

  // Every answer of the first attempt has long arrived by now: a second
  // call of `done` would have come.
  const again = calledAgain(together, "when every request succeeded");
  if (again) return fail(again, HINT.once, requests);
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      `peak ${peak} in flight; the ${COUNT} delays answered in order after ` +
      `${formatMs(ordered.ms)}; a failure reported after ` +
      `${formatMs(failure.ms)} with the others stopped; done(null, []) ` +
      "for no URLs; done called once each time",
    requests,
  };
}
