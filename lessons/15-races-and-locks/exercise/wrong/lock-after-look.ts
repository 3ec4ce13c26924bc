// Mistake: looks at the count before taking the event's lock, so every buyer looks before anyone takes a ticket, and the lock only puts the payments in a line.
// Rejected for: oversold
import { Mutex } from "../../mutex.ts";
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const locks = new Map<string, Mutex>();
  return async (event, buyer) => {
    if (office.left(event) <= 0) return "sold out";
    let lock = locks.get(event);
    if (lock === undefined) {
      lock = new Mutex();
      locks.set(event, lock);
    }
    // One buyer at a time pays and takes; the look was outside.
    return lock.runExclusive(async () => {
      try {
        await pay(event, buyer);
      } catch {
        return "payment failed" as const;
      }
      office.take(event, buyer);
      return "sold" as const;
    });
  };
}
