import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import {
  deferThenAwait,
  QUICK_PATH,
  SLOW_PATH,
  startThenAwait,
} from "./eager.ts";

const ctx = useServer();

async function timed<T>(work: () => Promise<T>) {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** The slow and the quick request as the server logged them. */
function logged() {
  const { requests, peakInFlight } = ctx.server.stats();
  const slow = requests.find((r) => r.path === SLOW_PATH);
  const quick = requests.find((r) => r.path === QUICK_PATH);
  if (slow === undefined || quick?.finishedAt == null) {
    throw new Error(`both requests should be logged: ${requests.length} are`);
  }
  return { slow, quickFinished: quick.finishedAt, peakInFlight };
}

describe("a promise runs from the moment the function is called", () => {
  it("the slow request reaches the server before the code gets to await it", async () => {
    const { value, ms } = await timed(() => startThenAwait(ctx.server.url));
    expect(value).toEqual(["waited 400 ms\n", "waited 600 ms\n"]);
    const { slow, quickFinished, peakInFlight } = logged();
    // The code awaits `slow` only after the quick response has finished.
    expect(
      slow.arrivedAt,
      `slow arrived at ${slow.arrivedAt} ms, quick finished at ${quickFinished} ms`,
    ).toBeLessThan(quickFinished);
    // The waits overlap (both were in flight at once, by the server's log),
    // so the whole takes the longer wait, not the sum: the log proves it
    // where a wall-clock bound would only measure how busy the machine is.
    expect(peakInFlight).toBe(2);
    expect(ms, `took ${ms} ms`).toBeGreaterThanOrEqual(600);
  });

  it("a function that would start the request sends nothing until called", async () => {
    const { value, ms } = await timed(() => deferThenAwait(ctx.server.url));
    expect(value).toEqual(["waited 400 ms\n", "waited 600 ms\n"]);
    const { slow, quickFinished, peakInFlight } = logged();
    expect(
      slow.arrivedAt,
      `slow arrived at ${slow.arrivedAt} ms, quick finished at ${quickFinished} ms`,
    ).toBeGreaterThanOrEqual(quickFinished);
    expect(peakInFlight).toBe(1);
    expect(ms, `took ${ms} ms`).toBeGreaterThanOrEqual(1000);
  });
});
