// Mistake: no lock at all: the look at the count and the take are split by `await pay(...)`, so every buyer looks before anyone takes a ticket.
// Rejected for: oversold
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  return async (event, buyer) => {
    if (office.left(event) <= 0) return "sold out";
    try {
      await pay(event, buyer);
    } catch {
      return "payment failed";
    }
    office.take(event, buyer);
    return "sold";
  };
}
