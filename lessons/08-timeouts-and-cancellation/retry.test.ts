import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { getText } from "./get-text.ts";
import { backoffDelay, retry, type RetryOptions } from "./retry.ts";
import { activeTimers, timed, until, watchTimersOf } from "./test-support.ts";
import { getWithTimeout } from "./timeouts.ts";

const ctx = useServer();

const QUICK: RetryOptions = {
  attempts: 5,
  baseDelayMs: 20,
  maxDelayMs: 100,
  totalMs: 10_000,
};

/** Each attempt GETs the next path of `plan` (the last one repeats). */
function planned(plan: string[], attemptTimeoutMs = 150) {
  const seen: number[] = [];
  const operation = (attempt: number, signal: AbortSignal) => {
    seen.push(attempt);
    const path = plan[Math.min(attempt, plan.length) - 1] ?? "/";
    return getWithTimeout(`${ctx.server.url}${path}`, attemptTimeoutMs, signal);
  };
  return { operation, attempts: () => seen.length };
}

function outcomes() {
  return ctx.server.stats().requests.map((r) => `${r.path} ${r.outcome}`);
}

describe("backoffDelay (full jitter)", () => {
  it("draws between zero and a cap that doubles each attempt", () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    const highest = () => 0.999_999;
    const caps = [1, 2, 3, 4, 5].map((attempt) =>
      Math.round(backoffDelay(attempt, { ...options, random: highest })),
    );
    expect(caps).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(200);
  });
});

describe("retry against the server's faults", () => {
  it("abandons a hanging attempt, retries a 503 and a reset, and returns the first success", async () => {
    const plan = planned([
      "/fault/hang",
      "/status/503",
      "/fault/reset",
      "/delay/10",
    ]);
    const body = await retry(plan.operation, QUICK);
    expect(body).toBe("waited 10 ms\n");
    expect(plan.attempts()).toBe(4);
    // On a busy machine the first attempt's 150 ms can run out before its
    // request reaches the server, which then never logs it: abandoned all
    // the same. When it did arrive, it was aborted.
    const logged = outcomes();
    expect(logged.filter((line) => !line.startsWith("/fault/hang"))).toEqual([
      "/status/503 ok",
      "/fault/reset reset",
      "/delay/10 ok",
    ]);
    expect(logged.slice(0, logged.length - 3)).toEqual(
      logged.length === 4 ? ["/fault/hang aborted"] : [],
    );
  });

  it("does not retry a 404: one request, and the 404 is the error", async () => {
    const plan = planned(["/status/404", "/delay/10"]);
    const { error } = await timed(retry(plan.operation, QUICK));
    expect(error).toMatchObject({ name: "HttpStatusError", status: 404 });
    expect(plan.attempts()).toBe(1);
    expect(ctx.server.stats().totalRequests).toBe(1);
  });

  it("stops after the allowed number of attempts and rethrows the last failure", async () => {
    const plan = planned(["/status/503"]);
    const { error } = await timed(
      retry(plan.operation, { ...QUICK, attempts: 3 }),
    );
    expect(error).toMatchObject({ status: 503 });
    expect(ctx.server.stats().totalRequests).toBe(3);
  });

  it("gives up when the total budget runs out, even with attempts left", async () => {
    // Each hanging attempt may take 300 ms; the budget allows about two.
    const plan = planned(["/fault/hang"], 300);
    const options = { ...QUICK, attempts: 100, totalMs: 700 };
    const { error, ms } = await timed(retry(plan.operation, options));
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(ms, `gave up after ${ms} ms`).toBeLessThan(700 * 2);
    expect(plan.attempts(), "attempts made").toBeLessThanOrEqual(3);
    await until(
      () => ctx.server.stats().inFlight,
      (n) => n === 0,
    );
  });

  it("stops at once when aborted during a backoff wait, and leaves no timer behind", async () => {
    const before = activeTimers();
    const backoff = watchTimersOf(30_000);
    const caller = new AbortController();
    let waiting = (): void => {};
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    const pending = timed(
      retry(
        (_attempt, signal) =>
          getText(`${ctx.server.url}/status/503`, { signal }),
        {
          ...QUICK,
          // A wait of exactly 30 s, unless the abort cuts it short.
          baseDelayMs: 30_000,
          maxDelayMs: 30_000,
          totalMs: 60_000,
          random: () => 1 - Number.EPSILON,
          signal: caller.signal,
          onRetry: () => waiting(),
        },
      ),
    );
    // If retry settles without waiting, the assertions below say so.
    await Promise.race([waitStarted, pending]);
    // onRetry is told just before the wait begins.
    expect(
      await until(backoff.live, (n) => n > 0),
      "30 s backoff timers while waiting",
    ).toBe(1);
    const abortedAt = performance.now();
    caller.abort();
    const { error } = await pending;
    const afterAbortMs = performance.now() - abortedAt;
    expect(error).toMatchObject({ name: "AbortError" });
    expect(
      afterAbortMs,
      `settled ${afterAbortMs} ms after the abort`,
    ).toBeLessThan(500);
    expect(
      await until(backoff.live, (n) => n === 0),
      "30 s backoff timers after the abort",
    ).toBe(0);
    backoff.stop();
    const after = await until(activeTimers, (n) => n <= before);
    expect(
      after,
      `${before} timers before, ${after} after`,
    ).toBeLessThanOrEqual(before);
    expect(ctx.server.stats().totalRequests).toBe(1);
  });
});
