import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { runPythonOriginal, type PythonReport } from "./python-original.ts";

const ctx = useServer();

// One run of tickets.py serves both tests.
let ran: Promise<PythonReport | null> | undefined;
const pythonReport = () => (ran ??= runPythonOriginal(ctx.server.url));

// The run takes well under a second; python3 starting on a busy machine
// may take a few.
test("the asyncio original oversells without asyncio.Lock and not with it, against the bundled server", async (t) => {
  const report = await pythonReport();
  if (report === null) {
    t.skip("python3 is not installed here (.ci/run installs it)");
    return;
  }
  const { buyers, tickets } = report;
  expect(report.withoutLock).toMatchObject({
    sold: buyers,
    left: tickets - buyers,
  });
  expect(report.withLock).toMatchObject({ sold: tickets, left: 0 });
  expect(report.withLock.outcomes.slice(tickets)).toEqual(
    Array(buyers - tickets).fill("sold out"),
  );
  // The server saw each payment: all ten at the barrier, answered together,
  // and the three with the lock one after the other.
  const { requests } = ctx.server.stats();
  const barrier = requests.filter((r) => r.path.includes("key=python"));
  expect(barrier.map((r) => r.status)).toEqual(Array(buyers).fill(200));
  const locked = requests.filter((r) => r.path.includes("pay="));
  expect(locked).toHaveLength(tickets);
  for (const [earlier, later] of locked
    .slice(0, -1)
    .map((r, i) => [r, locked[i + 1]])) {
    expect(later?.arrivedAt).toBeGreaterThanOrEqual(
      earlier?.finishedAt ?? Infinity,
    );
  }
}, 20_000);

test("in asyncio, awaiting a coroutine that never suspends lets no other task in: no oversell", async (t) => {
  const report = await pythonReport();
  if (report === null) {
    t.skip("python3 is not installed here (.ci/run installs it)");
    return;
  }
  expect(report.awaitedHelper).toMatchObject({
    sold: report.tickets,
    left: 0,
  });
}, 20_000);

test("in asyncio too, `total += await ...` from five tasks at once ends at 1: each read total before it waited", async (t) => {
  const report = await pythonReport();
  if (report === null) {
    t.skip("python3 is not installed here (.ci/run installs it)");
    return;
  }
  expect(report.compoundTotal).toBe(1);
}, 20_000);
