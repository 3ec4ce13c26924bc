// The ticket office: how many tickets each event has left, and who holds
// one. It is plain state in this process. It checks nothing on purpose:
// whether a ticket is there to sell is the seller's question, so a seller
// that gets it wrong drives the count below zero, and the office shows by
// how much.

/** What a buyer is told. */
export type Outcome = "sold" | "sold out" | "payment failed";

// #region office
export class TicketOffice {
  readonly #stock = new Map<string, number>();
  readonly #left = new Map<string, number>();
  readonly #holders = new Map<string, string[]>();

  /** `stock` is the number of tickets of each event, e.g. `{ gig: 3 }`. */
  constructor(stock: Record<string, number>) {
    for (const [event, tickets] of Object.entries(stock)) {
      if (!Number.isInteger(tickets) || tickets < 0) {
        throw new RangeError(`${event}: tickets must be >= 0, got ${tickets}`);
      }
      this.#stock.set(event, tickets);
      this.#left.set(event, tickets);
      this.#holders.set(event, []);
    }
  }

  /** Tickets of `event` not sold yet; below zero once it is oversold. */
  left(event: string): number {
    return this.#known(this.#left, event);
  }

  /** Hand one ticket of `event` to `buyer`. It does not look first. */
  take(event: string, buyer: string): void {
    this.#left.set(event, this.left(event) - 1);
    this.#known(this.#holders, event).push(buyer);
  }
  // #endregion

  /** Put back the ticket `buyer` took, e.g. when the payment failed. */
  giveBack(event: string, buyer: string): void {
    const holders = this.#known(this.#holders, event);
    const at = holders.indexOf(buyer);
    if (at === -1) throw new Error(`${buyer} holds no ticket for ${event}`);
    holders.splice(at, 1);
    this.#left.set(event, this.left(event) + 1);
  }

  /** Who holds a ticket of `event`, in the order they got it. */
  holders(event: string): readonly string[] {
    return [...this.#known(this.#holders, event)];
  }

  /** Tickets `event` had to begin with. */
  stock(event: string): number {
    return this.#known(this.#stock, event);
  }

  /** Tickets of `event` sold that did not exist. */
  oversold(event: string): number {
    return Math.max(0, -this.left(event));
  }

  #known<V>(map: Map<string, V>, event: string): V {
    const value = map.get(event);
    if (value === undefined) throw new RangeError(`no such event: ${event}`);
    return value;
  }
}
