// Exercise: a box office that sells tickets of many events at once. Make
// `sell` safe: never more tickets sold than there are, every buyer answered,
// a failed payment that blocks nobody, waiting buyers served in the order
// they came, and sales of different events that do not wait for each other.
import type { Pay, Sell } from "../sell.ts";
import type { TicketOffice } from "../ticket-office.ts";

export function createSeller(office: TicketOffice, pay: Pay): Sell {
  // TODO: keep one lock per event: a `Map` from the event to a `Mutex`
  // (from ../mutex.ts), made the first time the event is sold.
  return async (event, buyer) => {
    // TODO: take this event's lock before the look, and give it back in a
    // `finally`, however the sale ends.
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
