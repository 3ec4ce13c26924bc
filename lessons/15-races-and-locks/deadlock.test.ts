// Two transfers that lock two accounts in opposite orders deadlock every
// time; the watchdog finds the circle of waits and ends it within its
// deadline instead of hanging the test. Taking the locks in rank order
// lets both through.
import { expect, test } from "vitest";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { useServer } from "../../test/helpers/server.ts";
import { account, findCycle, runTransfers } from "./deadlock.ts";

const ctx = useServer();
const DEADLINE_MS = 300;

function setUp() {
  const a = account("A", 1, 100);
  const b = account("B", 2, 100);
  const plans = [
    { from: a, to: b, amount: 30 },
    { from: b, to: a, amount: 10 },
  ];
  const bank = (signal: AbortSignal) =>
    fetchPath(ctx.server.url, "/delay/20?bank", { signal });
  return { a, b, plans, bank };
}

test("locks taken in opposite orders deadlock: the watchdog finds the circle at its deadline, and no money moves", async () => {
  for (let round = 1; round <= 3; round++) {
    const { a, b, plans, bank } = setUp();
    const report = await runTransfers(plans, {
      bank,
      ordered: false,
      deadlineMs: DEADLINE_MS,
    });
    expect(report.completed, `round ${round}`).toBe(0);
    expect(report.stuck).toEqual([
      { name: "A→B", holds: ["A"], waitsFor: "B" },
      { name: "B→A", holds: ["B"], waitsFor: "A" },
    ]);
    expect(report.cycle).toBe(
      "A→B holds A, waits for B; B→A holds B, waits for A",
    );
    const ms = Math.round(report.ms);
    expect(ms, `ended after ${ms} ms`).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(ms, `ended after ${ms} ms`).toBeLessThan(DEADLINE_MS + 2000);
    expect([a.balance, b.balance]).toEqual([100, 100]);
    // Aborting gave both locks back.
    expect([a.lock.locked, b.lock.locked]).toEqual([false, false]);
  }
});

test("with the locks taken in rank order, both transfers go through well before the deadline", async () => {
  const { a, b, plans, bank } = setUp();
  const report = await runTransfers(plans, {
    bank,
    ordered: true,
    deadlineMs: 5000,
  });
  expect(report).toMatchObject({ completed: 2, stuck: null, cycle: null });
  expect([a.balance, b.balance]).toEqual([80, 120]);
  // The second transfer waited for the first: two bank checks in a row.
  const checks = ctx.server
    .stats()
    .requests.filter((r) => r.path.includes("bank"));
  expect(checks).toHaveLength(2);
  expect(checks[1]?.arrivedAt).toBeGreaterThanOrEqual(
    checks[0]?.finishedAt ?? Infinity,
  );
});

test("findCycle says nothing when the waits do not close a circle", () => {
  expect(
    findCycle([
      { name: "T1", holds: ["A"], waitsFor: null },
      { name: "T2", holds: [], waitsFor: "A" },
    ]),
  ).toBeNull();
});
