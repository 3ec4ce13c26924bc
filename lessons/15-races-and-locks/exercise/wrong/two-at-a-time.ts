// Mistake: guards each event with a semaphore of two instead of a mutex, so two buyers can be between the look and the take at once and both take the last ticket.
// Rejected for: oversold
import { Semaphore } from "async-mutex";
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const locks = new Map<string, Semaphore>();
  return async (event, buyer) => {
    let lock = locks.get(event);
    if (lock === undefined) {
      lock = new Semaphore(2);
      locks.set(event, lock);
    }
    return lock.runExclusive(async () => {
      if (office.left(event) <= 0) return "sold out" as const;
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
