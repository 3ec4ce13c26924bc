// Mistake: takes the ticket before paying (no lock needed for that) but does not give it back when the payment fails, so a buyer who never paid keeps a ticket.
// Rejected for: still holds a ticket
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  return async (event, buyer) => {
    if (office.left(event) <= 0) return "sold out";
    office.take(event, buyer);
    try {
      await pay(event, buyer);
      return "sold";
    } catch {
      return "payment failed";
    }
  };
}
