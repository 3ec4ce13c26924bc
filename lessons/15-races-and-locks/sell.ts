// Selling a ticket: look whether one is left, take the buyer's payment, hand
// the ticket over. Three ways to write it: with the payment awaited between
// the look and the hand-over (the race), the same inside a lock per event,
// and with the ticket taken before the payment and given back if it fails.
import { Mutex } from "./mutex.ts";
import type { Outcome, TicketOffice } from "./ticket-office.ts";

/** Takes `buyer`'s money for a ticket of `event`; rejects if it fails. */
export type Pay = (event: string, buyer: string) => Promise<void>;

/** Sells one ticket of `event` to `buyer`, and says how it went. */
export type Sell = (event: string, buyer: string) => Promise<Outcome>;

// #region unsafe
export async function sellUnsafe(
  office: TicketOffice,
  pay: Pay,
  event: string,
  buyer: string,
): Promise<Outcome> {
  // Check: is a ticket left?
  if (office.left(event) <= 0) return "sold out";
  try {
    // The payment is a request to the bank. While it is on its way, this
    // function is suspended, and every other buyer's code may run.
    await pay(event, buyer);
  } catch {
    return "payment failed";
  }
  // Act: hand over the ticket that the check saw, long ago.
  office.take(event, buyer);
  return "sold";
}
// #endregion

/** One `T` per key, made the first time the key is asked for. */
export function perKey<T>(make: () => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make();
      made.set(key, value);
    }
    return value;
  };
}

// #region locked
/** The same steps, one buyer at a time for each event. */
export function lockedSeller(office: TicketOffice, pay: Pay): Sell {
  const lockOf = perKey(() => new Mutex());
  // From the check to the hand-over, nobody else sells this event.
  return (event, buyer) =>
    lockOf(event).runExclusive(() => sellUnsafe(office, pay, event, buyer));
}
// #endregion

// #region reserving
/** No lock: check and take in one synchronous step, then pay. */
export async function sellReserving(
  office: TicketOffice,
  pay: Pay,
  event: string,
  buyer: string,
): Promise<Outcome> {
  // No `await` between these two lines, so no other code runs between them.
  if (office.left(event) <= 0) return "sold out";
  office.take(event, buyer);
  try {
    await pay(event, buyer);
    return "sold";
  } catch {
    // The ticket was held for a payment that failed: it goes back on sale.
    office.giveBack(event, buyer);
    return "payment failed";
  }
}
// #endregion
