import { describe, expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { DUE, whileBusy, type Where } from "./blocking.ts";

const ctx = useServer();
const PRIMES_BELOW_2M = 148_933;

describe.for([
  ["on the main thread", "main thread", "after"],
  ["in a worker", "worker", "before"],
] satisfies [string, Where, "before" | "after"][])(
  "counting primes %s",
  ([, where, when]) => {
    test(`sends every request ${when} the work is done`, async () => {
      const report = await whileBusy(ctx.client.url, where);
      expect(report.primes).toBe(PRIMES_BELOW_2M);
      const sent = report.sentAt.map(Math.round).join(", ");
      const message = `sent at ${sent}; done at ${Math.round(report.workDone)}`;
      for (const at of report.sentAt) {
        if (when === "after") {
          expect(at, message).toBeGreaterThanOrEqual(report.workDone);
        } else expect(at, message).toBeLessThan(report.workDone);
      }
      expect((await ctx.client.stats()).totalRequests).toBe(DUE.length);
    });
  },
);
