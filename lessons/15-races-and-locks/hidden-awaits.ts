// Where JavaScript code can be suspended, and other code run in between:
// at every `await`, at every turn of a `for await` loop, and inside any
// async function it awaits. Three small demonstrations, none of them with a
// lock.
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import type { Outcome, TicketOffice } from "./ticket-office.ts";

/** Resolve with 1 after a request, as a price or a count from elsewhere. */
export async function oneFrom(serverUrl: string, path: string) {
  await fetchPath(serverUrl, path);
  return 1;
}

// #region compound
/** `total += await ...` reads `total` before it waits. */
export async function addUpCompound(
  serverUrl: string,
  tasks: number,
): Promise<number> {
  let total = 0;
  const adders = Array.from({ length: tasks }, async (_, i) => {
    total += await oneFrom(serverUrl, `/delay/10?adder=${i + 1}`);
  });
  await Promise.all(adders);
  return total;
}
// #endregion

// #region await-first
/** Wait first, then read `total` and write it back in one step. */
export async function addUpAwaitFirst(
  serverUrl: string,
  tasks: number,
): Promise<number> {
  let total = 0;
  const adders = Array.from({ length: tasks }, async (_, i) => {
    const one = await oneFrom(serverUrl, `/delay/10?adder=${i + 1}`);
    total += one;
  });
  await Promise.all(adders);
  return total;
}
// #endregion

// #region helper
/** A helper that was synchronous, until someone made it `async`. */
async function recordSale(ledger: string[], buyer: string): Promise<void> {
  // Nothing here waits for anything.
  ledger.push(buyer);
}

export async function sellWithHelper(
  office: TicketOffice,
  ledger: string[],
  event: string,
  buyer: string,
): Promise<Outcome> {
  if (office.left(event) <= 0) return "sold out";
  // `await` gives way to other code even when the promise is already
  // settled: every buyer called in the same turn checks before any acts.
  await recordSale(ledger, buyer);
  office.take(event, buyer);
  return "sold";
}
// #endregion

// #region for-await
/** Two tasks, no I/O: A loops with `for await` over values already in
 * memory, B awaits `null` three times. The order they ran in. */
export async function forAwaitTurns(): Promise<string[]> {
  const order: string[] = [];
  const a = async () => {
    for await (const n of [1, 2, 3]) order.push(`A${n}`);
  };
  const b = async () => {
    for (const n of [1, 2, 3]) {
      await null;
      order.push(`B${n}`);
    }
  };
  await Promise.all([a(), b()]);
  return order;
}
// #endregion
