// One sale against the bundled server: buyers arrive a few milliseconds
// apart (each arrival is a request to `/delay`), and each one buys a ticket
// of the same event through a seller. Paying is a request too, to whatever
// path the caller names: a barrier, to make every payment wait for the
// others, or a plain delay.
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import type { Pay, Sell } from "./sell.ts";
import { TicketOffice, type Outcome } from "./ticket-office.ts";

export interface SaleOptions {
  serverUrl: string;
  /** Tickets on sale. */
  tickets: number;
  /** Buyers, numbered from 1. */
  buyers: number;
  /** Buyer n arrives `apartMs` (and a round trip) after buyer n - 1. */
  apartMs: number;
  /** The path buyer n's payment asks for. */
  payPath: (buyer: number) => string;
  /** Makes the seller for this office and this way of paying. */
  seller: (office: TicketOffice, pay: Pay) => Sell;
  signal?: AbortSignal;
}

export interface SaleReport {
  /** What each buyer was told, buyer 1 first. */
  outcomes: Outcome[];
  sold: number;
  /** Tickets left at the end; below zero when oversold. */
  left: number;
  oversold: number;
  /** How many times a seller looked at the count before the first ticket
   * was handed over. */
  looksBeforeFirstTake: number;
}

export const EVENT = "gig";

/** An office that counts the looks at its count before the first take. */
class CountingOffice extends TicketOffice {
  looksBeforeFirstTake = 0;
  #taken = false;

  override left(event: string): number {
    if (!this.#taken) this.looksBeforeFirstTake += 1;
    return super.left(event);
  }

  override take(event: string, buyer: string): void {
    this.#taken = true;
    super.take(event, buyer);
  }
}

// #region sale
export async function runSale(options: SaleOptions): Promise<SaleReport> {
  const { serverUrl, signal } = options;
  const office = new CountingOffice({ [EVENT]: options.tickets });
  const pay: Pay = async (_event, buyer) => {
    const n = Number(buyer.replace("buyer ", ""));
    await fetchPath(serverUrl, options.payPath(n), signal && { signal });
  };
  const sell = options.seller(office, pay);
  // Buyers arrive in turn: each sets off (a request to /delay) once the
  // one before is in, so they reach the office in order however busy the
  // machine is.
  let previous: Promise<unknown> = Promise.resolve();
  const buyers = Array.from({ length: options.buyers }, async (_, i) => {
    const path = `/delay/${options.apartMs}?buyer=${i + 1}`;
    const arrived = previous.then(() =>
      fetchPath(serverUrl, path, signal && { signal }),
    );
    previous = arrived;
    await arrived;
    // Arrived, then buy.
    return sell(EVENT, `buyer ${i + 1}`);
  });
  const outcomes = await Promise.all(buyers);
  return {
    outcomes,
    sold: outcomes.filter((outcome) => outcome === "sold").length,
    left: office.left(EVENT),
    oversold: office.oversold(EVENT),
    looksBeforeFirstTake: office.looksBeforeFirstTake,
  };
}
// #endregion

/** A barrier of `n` with a key of its own; `buyer` only labels the log. */
export function barrierPay(n: number, key: string): (buyer: number) => string {
  return (buyer) => `/barrier/${n}?buyer=${buyer}&key=${key}&timeout=5000`;
}

/** A payment that takes `ms`. */
export function delayPay(ms: number): (buyer: number) => string {
  return (buyer) => `/delay/${ms}?pay=${buyer}`;
}

/** The most of `requests` that were at the server at the same moment. */
export function peakOverlap(requests: RequestRecord[]): number {
  const edges = requests.flatMap((r) => [
    [r.arrivedAt, 1],
    [r.finishedAt ?? Infinity, -1],
  ]);
  // An end before a start at the same instant: touching is not overlapping.
  edges.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
  let now = 0;
  let most = 0;
  for (const [, step] of edges) {
    now += step ?? 0;
    most = Math.max(most, now);
  }
  return most;
}
