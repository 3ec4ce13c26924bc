// Exercise: a box office that sells tickets of many events at once. Make
// `sell` safe: never more tickets sold than there are, every buyer answered,
// a failed payment that blocks nobody, waiting buyers served in the order
// they came, and sales of different events that do not wait for each other.
import { Mutex } from "../mutex.ts";
import type { Pay, Sell } from "../sell.ts";
import type { TicketOffice } from "../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  // One lock per event: buyers of one event wait for each other, and for
  // nobody else.
  const locks = new Map<string, Mutex>();
  return async (event, buyer) => {
    let lock = locks.get(event);
    if (lock === undefined) {
      lock = new Mutex();
      locks.set(event, lock);
    }
    // From the look to the take, this buyer alone sells this event.
    const release = await lock.acquire();
    try {
      if (office.left(event) <= 0) return "sold out";
      try {
        await pay(event, buyer);
      } catch {
        return "payment failed";
      }
      office.take(event, buyer);
      return "sold";
    } finally {
      // However the sale ended, the next buyer in line gets the lock.
      release();
    }
  };
}
