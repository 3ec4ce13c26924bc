// Mistake: a "busy" flag per event, with no waiting: a buyer who finds the event busy is told "sold out" and sent away, though tickets are left.
// Rejected for: turned away
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  const busy = new Set<string>();
  return async (event, buyer) => {
    // Someone is selling this event: try another time.
    if (busy.has(event)) return "sold out";
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
