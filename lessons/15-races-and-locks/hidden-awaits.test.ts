// Where code can be suspended: `total += await ...` loses updates, an
// awaited helper that waits for nothing still lets every other buyer in,
// and a `for await` loop gives way at every turn.
import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import {
  addUpAwaitFirst,
  addUpCompound,
  forAwaitTurns,
  sellWithHelper,
} from "./hidden-awaits.ts";
import { TicketOffice } from "./ticket-office.ts";

const ctx = useServer();

test("`total += await ...` from five tasks at once ends at 1: each read total before it waited", async () => {
  for (let round = 1; round <= 3; round++) {
    expect(await addUpCompound(ctx.server.url, 5), `round ${round}`).toBe(1);
  }
});

test("awaiting first and then adding ends at 5", async () => {
  expect(await addUpAwaitFirst(ctx.server.url, 5)).toBe(5);
  // Each adder made its request: the difference is not in the I/O.
  const adders = ctx.server
    .stats()
    .requests.filter((r) => r.path.includes("adder="));
  expect(adders).toHaveLength(5);
});

test("an awaited helper that waits for nothing still lets every buyer look before any takes: 10 sold of 3", async () => {
  const office = new TicketOffice({ gig: 3 });
  const ledger: string[] = [];
  const buyers = Array.from({ length: 10 }, (_, i) =>
    sellWithHelper(office, ledger, "gig", `buyer ${i + 1}`),
  );
  const outcomes = await Promise.all(buyers);
  expect(outcomes).toEqual(Array(10).fill("sold"));
  expect(office.oversold("gig")).toBe(7);
});

test("a `for await` loop over values already in memory gives way to other tasks between turns", async () => {
  const order = await forAwaitTurns();
  expect(order).toHaveLength(6);
  const a2 = order.indexOf("A2");
  const a1 = order.indexOf("A1");
  // Task B ran between A's first and second turn, with no I/O anywhere.
  expect(order.slice(a1 + 1, a2).some((step) => step.startsWith("B"))).toBe(
    true,
  );
});
