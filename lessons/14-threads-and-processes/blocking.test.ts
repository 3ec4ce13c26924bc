import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { DUE, whileBusy } from "./blocking.ts";

const ctx = useServer();
const PRIMES_BELOW_2M = 148_933;

test("on the main thread, no timer runs while the primes are counted: every request goes after", async () => {
  const report = await whileBusy(ctx.client.url, "main thread");
  expect(report.primes).toBe(PRIMES_BELOW_2M);
  const sent = report.sentAt.map(Math.round).join(", ");
  for (const at of report.sentAt) {
    expect(
      at,
      `sent at ${sent}; work done at ${Math.round(report.workDone)}`,
    ).toBeGreaterThanOrEqual(report.workDone);
  }
  expect((await ctx.client.stats()).totalRequests).toBe(DUE.length);
});

test("in a worker, the timers run while the primes are counted, and send their requests", async () => {
  const report = await whileBusy(ctx.client.url, "worker");
  expect(report.primes).toBe(PRIMES_BELOW_2M);
  const sent = report.sentAt.map(Math.round).join(", ");
  for (const at of report.sentAt) {
    expect(
      at,
      `sent at ${sent}; work done at ${Math.round(report.workDone)}`,
    ).toBeLessThan(report.workDone);
  }
  expect((await ctx.client.stats()).totalRequests).toBe(DUE.length);
});
