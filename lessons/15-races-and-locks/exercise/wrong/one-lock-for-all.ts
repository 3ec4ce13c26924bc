// Mistake: one lock for the whole box office: no oversell, but a buyer of one event waits for every sale of every other event.
// Rejected for: different events waited for each other
import { Mutex } from "../../mutex.ts";
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const lock = new Mutex();
  return async (event, buyer) => {
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
      release();
    }
  };
}
