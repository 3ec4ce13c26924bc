// The ticket race against the bundled server: the barrier makes every
// payment wait until all buyers have paid, so each buyer has looked at the
// count before any ticket is handed over. Without a lock that oversells
// every time; with one, never.
import { describe, expect, test } from "vitest";
import type { RequestRecord } from "../../src/server/types.ts";
import { useServer } from "../../test/helpers/server.ts";
import {
  barrierPay,
  delayPay,
  peakOverlap,
  runSale,
  type SaleOptions,
  type SaleReport,
} from "./sale.ts";
import { lockedSeller, sellReserving, sellUnsafe } from "./sell.ts";
import { asyncMutexSeller } from "./with-async-mutex.ts";

const ctx = useServer();
const ROUNDS = 5;
const BUYERS = 10;
const TICKETS = 3;

function sale(
  options: Pick<SaleOptions, "payPath" | "seller">,
): Promise<SaleReport> {
  return runSale({
    serverUrl: ctx.server.url,
    tickets: TICKETS,
    buyers: BUYERS,
    apartMs: 5,
    ...options,
  });
}

describe("the ticket race", () => {
  test(`without a lock, ${BUYERS} buyers and ${TICKETS} tickets: every buyer gets one, ${BUYERS - TICKETS} oversold, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      ctx.server.resetStats();
      const report = await sale({
        payPath: barrierPay(BUYERS, `unsafe-${round}`),
        seller: (office, pay) => (event, buyer) =>
          sellUnsafe(office, pay, event, buyer),
      });
      expect(report, `round ${round}`).toMatchObject({
        sold: BUYERS,
        left: TICKETS - BUYERS,
        oversold: BUYERS - TICKETS,
        // Every buyer looked at the count before the first hand-over.
        looksBeforeFirstTake: BUYERS,
      });
      const paid = ctx.server
        .stats()
        .requests.filter((r) => r.path.startsWith("/barrier/"));
      expect(paid.map((r) => r.status)).toEqual(Array(BUYERS).fill(200));
      // The barrier answered no payment before the last one had arrived.
      const lastArrival = Math.max(...paid.map((r) => r.arrivedAt));
      for (const r of paid) {
        expect(r.firstByteAt, r.path).toBeGreaterThanOrEqual(lastArrival);
      }
    }
  });

  test(`with the hand-written lock: ${TICKETS} sold, none oversold, the rest told "sold out", in each of ${ROUNDS} rounds`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      ctx.server.resetStats();
      const report = await sale({
        payPath: delayPay(10),
        seller: lockedSeller,
      });
      expect(report, `round ${round}`).toMatchObject({
        sold: TICKETS,
        left: 0,
        oversold: 0,
        looksBeforeFirstTake: 1,
      });
      expect(report.outcomes).toEqual([
        ...Array(TICKETS).fill("sold"),
        ...Array(BUYERS - TICKETS).fill("sold out"),
      ]);
      const paid = ctx.server
        .stats()
        .requests.filter((r) => r.path.includes("pay="));
      expect(paid).toHaveLength(TICKETS);
      expect(peakOverlap(paid), "payments at the server at once").toBe(1);
    }
  });

  test("with the lock, a bank that waits for two payments at once never gets them: each one waits alone and times out", async () => {
    const report = await runSale({
      serverUrl: ctx.server.url,
      tickets: 2,
      buyers: 2,
      apartMs: 0,
      payPath: (buyer) => `/barrier/2?key=alone&timeout=150&buyer=${buyer}`,
      seller: lockedSeller,
    });
    expect(report.outcomes).toEqual(["payment failed", "payment failed"]);
    expect(report.sold).toBe(0);
    const paid = ctx.server
      .stats()
      .requests.filter((r) => r.path.startsWith("/barrier/"));
    expect(paid.map((r) => r.status)).toEqual([408, 408]);
    expect(peakOverlap(paid)).toBe(1);
  });

  test("async-mutex's Mutex sells the same way: none oversold, in each of 3 rounds", async () => {
    for (let round = 1; round <= 3; round++) {
      const report = await sale({
        payPath: delayPay(10),
        seller: asyncMutexSeller,
      });
      expect(report, `round ${round}`).toMatchObject({
        sold: TICKETS,
        left: 0,
        oversold: 0,
      });
    }
  });

  test(`taking the ticket before paying needs no lock: ${TICKETS} payments meet at a barrier of ${TICKETS}, none oversold`, async () => {
    for (let round = 1; round <= 3; round++) {
      ctx.server.resetStats();
      const report = await sale({
        payPath: barrierPay(TICKETS, `reserving-${round}`),
        seller: (office, pay) => (event, buyer) =>
          sellReserving(office, pay, event, buyer),
      });
      expect(report, `round ${round}`).toMatchObject({
        sold: TICKETS,
        left: 0,
        oversold: 0,
      });
      const paid = ctx.server
        .stats()
        .requests.filter((r) => r.path.startsWith("/barrier/"));
      expect(paid.map((r) => r.status)).toEqual(Array(TICKETS).fill(200));
    }
  });

  test("taking the ticket before paying: a failed payment puts the ticket back on sale", async () => {
    const report = await runSale({
      serverUrl: ctx.server.url,
      tickets: 1,
      buyers: 1,
      apartMs: 0,
      payPath: () => "/status/402",
      seller: (office, pay) => (event, buyer) =>
        sellReserving(office, pay, event, buyer),
    });
    expect(report).toMatchObject({
      outcomes: ["payment failed"],
      sold: 0,
      left: 1,
    });
  });
});

test("peakOverlap counts requests that were at the server at the same moment", () => {
  const at = (arrivedAt: number, finishedAt: number) =>
    ({ arrivedAt, finishedAt }) as RequestRecord;
  expect(peakOverlap([at(0, 10), at(10, 20)])).toBe(1);
  expect(peakOverlap([at(0, 10), at(5, 20), at(6, 7)])).toBe(3);
});
