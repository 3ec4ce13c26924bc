// Mistake: no lock; looks again after the payment and takes the ticket in the same step, so it never oversells, but it charges buyers who then find the tickets gone.
// Rejected for: charged
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
    // Look again now that the payment is through.
    if (office.left(event) <= 0) return "sold out";
    office.take(event, buyer);
    return "sold";
  };
}
