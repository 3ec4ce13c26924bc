// Mistake: a "busy" flag per event, and buyers who find it set look again every millisecond: whoever looks first after it clears gets in, so a newcomer can go before buyers who have waited.
// Rejected for: out of order
import { setTimeout as sleep } from "node:timers/promises";
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const busy = new Set<string>();
  return async (event, buyer) => {
    // Wait until nobody is selling this event.
    while (busy.has(event)) await sleep(1);
    busy.add(event);
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
      busy.delete(event);
    }
  };
}
