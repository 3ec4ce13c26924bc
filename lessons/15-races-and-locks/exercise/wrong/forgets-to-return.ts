// Mistake: starts the sale inside `runExclusive` but does not return its promise, so every buyer is answered `undefined` before the sale has even looked.
// Rejected for: resolved with undefined
import { Mutex } from "../../mutex.ts";
import type { Pay, Sell } from "../../sell.ts";
import type { Outcome, TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const locks = new Map<string, Mutex>();
  return async (event, buyer): Promise<Outcome> => {
    let lock = locks.get(event);
    if (lock === undefined) {
      lock = new Mutex();
      locks.set(event, lock);
    }
    // The sale runs, but its outcome goes nowhere.
    void lock.runExclusive(async () => {
      if (office.left(event) <= 0) return "sold out";
      try {
        await pay(event, buyer);
      } catch {
        return "payment failed";
      }
      office.take(event, buyer);
      return "sold";
    });
    return undefined as unknown as Outcome;
  };
}
