// Mistake: holds the event's lock for the look and the payment but takes the ticket after `await`ing the locked part, so the next buyer in line looks before this one's ticket is taken.
// Rejected for: oversold
import { Mutex } from "../../mutex.ts";
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const locks = new Map<string, Mutex>();
  return async (event, buyer) => {
    let lock = locks.get(event);
    if (lock === undefined) {
      lock = new Mutex();
      locks.set(event, lock);
    }
    const paid = await lock.runExclusive(async () => {
      if (office.left(event) <= 0) return "sold out" as const;
      try {
        await pay(event, buyer);
      } catch {
        return "payment failed" as const;
      }
      return "paid" as const;
    });
    if (paid !== "paid") return paid;
    // The lock is back in line by now: the take comes one `await` late.
    office.take(event, buyer);
    return "sold";
  };
}
