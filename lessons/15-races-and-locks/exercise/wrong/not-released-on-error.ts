// Mistake: the lock is given back at the end of a sale and after "sold out", but not when the payment fails: every buyer after a failed payment waits for ever.
// Rejected for: never got an answer
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
    const release = await lock.acquire();
    if (office.left(event) <= 0) {
      release();
      return "sold out";
    }
    try {
      await pay(event, buyer);
    } catch {
      return "payment failed";
    }
    office.take(event, buyer);
    release();
    return "sold";
  };
}
