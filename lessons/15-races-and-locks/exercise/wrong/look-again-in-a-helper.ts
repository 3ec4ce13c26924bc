// Mistake: no lock; looks again after the payment, but through an async helper, so the take still comes one `await` after the look and every buyer passes the second look too.
// Rejected for: oversold
import type { Pay, Sell } from "../../sell.ts";
import type { TicketOffice } from "../../ticket-office.ts";

/** Whether `event` has a ticket left (async, as a real store's would be). */
async function stillLeft(office: TicketOffice, event: string) {
  return office.left(event) > 0;
}

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  return async (event, buyer) => {
    if (office.left(event) <= 0) return "sold out";
    try {
      await pay(event, buyer);
    } catch {
      return "payment failed";
    }
    // Look again now that the payment is through.
    if (!(await stillLeft(office, event))) return "sold out";
    office.take(event, buyer);
    return "sold";
  };
}
