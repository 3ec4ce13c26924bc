// The exercise's check accepts every safe way to write the seller, not only
// the solution's: the ticket taken before the payment, and async-mutex.
import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import { sellReserving, type Pay } from "./sell.ts";
import type { TicketOffice } from "./ticket-office.ts";
import { asyncMutexSeller } from "./with-async-mutex.ts";

const ctx = useServer();

test("the check passes a seller that takes the ticket before paying and gives it back if the payment fails", async () => {
  const createSeller =
    (office: TicketOffice, pay: Pay) => (event: string, buyer: string) =>
      sellReserving(office, pay, event, buyer);
  const verdict = await check({ createSeller }, ctx.client);
  expect(verdict.passed, verdict.observed).toBe(true);
});

test("the check passes a seller with async-mutex's Mutex per event", async () => {
  const verdict = await check({ createSeller: asyncMutexSeller }, ctx.client);
  expect(verdict.passed, verdict.observed).toBe(true);
});

test("the check says which export it wants when createSeller is missing", async () => {
  const verdict = await check({} as never, ctx.client);
  expect(verdict.passed).toBe(false);
  expect(verdict.observed).toContain("createSeller");
});
