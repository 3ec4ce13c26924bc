import { describe, expect, it } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { fetchWithin } from "./race.ts";
import { settledLog } from "../../src/server/settled.ts";
import { wait, type ReturnWhen, type Waited } from "./wait.ts";

// After an abort, fetch may open a spare connection that never carries a
// request; a short headers timeout lets the server close it, as it would
// for any silent client, before the leak check looks.
const ctx = useServer({ headersTimeoutMs: 300 });

/** A batch: 100 ms, 600 ms cut off by a 250 ms deadline, 400 ms. */
function batch(): Promise<string>[] {
  const url = ctx.server.url;
  return [
    fetchPath(url, "/delay/100"),
    fetchWithin(url, "/delay/600", 250),
    fetchPath(url, "/delay/400"),
  ];
}

/** Wait on a fresh batch; the time it took; then let the batch finish. */
async function waitOn(returnWhen?: ReturnWhen) {
  const members = batch();
  const start = performance.now();
  // When each member settled, on the same clock: "resolves once the
  // quickest is done" is measured from that moment, not from the start,
  // which a busy machine stretches.
  const settledMs = members.map(() => Infinity);
  members.forEach((member, i) => {
    const settled = (): void => {
      settledMs[i] = performance.now() - start;
    };
    member.then(settled, settled);
  });
  const waited: Waited<string> = await wait(members, returnWhen);
  const ms = performance.now() - start;
  await Promise.allSettled(members);
  return { waited, ms, settledMs, log: await settledLog(ctx.client) };
}

const shape = ({ done, pending }: Waited<string>) => ({
  done: done.map((d) => `${d.index} ${d.status}`),
  pending,
});

describe("wait, Python's asyncio.wait", () => {
  it("waits for every member by default (ALL_COMPLETED), and a failure does not reject it", async () => {
    const { waited, ms, log } = await waitOn();
    expect(shape(waited)).toEqual({
      done: ["0 fulfilled", "1 rejected", "2 fulfilled"],
      pending: [],
    });
    // The slowest member, /delay/400, ends last and ok.
    const slowest = log.find((r) => r.path === "/delay/400");
    expect(slowest?.outcome).toBe("ok");
    expect(ms, `resolved after ${ms} ms`).toBeGreaterThanOrEqual(395);
  });

  it("with FIRST_COMPLETED, resolves once the quickest member is done and reports the rest pending", async () => {
    const { waited, ms, settledMs } = await waitOn("FIRST_COMPLETED");
    expect(shape(waited)).toEqual({ done: ["0 fulfilled"], pending: [1, 2] });
    expect(waited.done[0]).toMatchObject({ value: "waited 100 ms\n" });
    const after = ms - settledMs[0]!;
    expect(after, `resolved ${after} ms after the quickest`).toBeLessThan(20);
  });

  it("with FIRST_EXCEPTION, resolves at the first failure, with what is done by then", async () => {
    const { waited, ms } = await waitOn("FIRST_EXCEPTION");
    expect(shape(waited)).toEqual({
      done: ["0 fulfilled", "1 rejected"],
      pending: [2],
    });
    expect(String((waited.done[1] as PromiseRejectedResult).reason)).toMatch(
      /no answer from \/delay\/600 within 250 ms/,
    );
    expect(ms, `resolved after ${ms} ms`).toBeGreaterThanOrEqual(245);
    expect(ms, `resolved after ${ms} ms`).toBeLessThan(390);
  });

  it("with FIRST_EXCEPTION and no failure, waits for all, like ALL_COMPLETED", async () => {
    const url = ctx.server.url;
    const members = [fetchPath(url, "/delay/50"), fetchPath(url, "/delay/150")];
    const waited = await wait(members, "FIRST_EXCEPTION");
    expect(shape(waited)).toEqual({
      done: ["0 fulfilled", "1 fulfilled"],
      pending: [],
    });
  });

  it("is done at once for an empty batch", async () => {
    expect(await wait([])).toEqual({ done: [], pending: [] });
  });
});
