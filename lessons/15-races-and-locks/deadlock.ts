// Two locks taken in opposite orders: a transfer from A to B locks A, then
// B; one from B to A locks B, then A. With a request between the two locks,
// each gets its first lock and waits for ever for its second. A watchdog
// notices, shows who holds what, and aborts both. Taking the locks in one
// fixed order, whatever the direction of the transfer, cures it.
import { Mutex, type Release } from "./mutex.ts";

export interface Account {
  name: string;
  /** Lock ordering: the account with the lower rank is locked first. */
  rank: number;
  balance: number;
  lock: Mutex;
}

export function account(name: string, rank: number, balance: number) {
  return { name, rank, balance, lock: new Mutex() } satisfies Account;
}

/** Where one transfer stands, for the watchdog. */
export interface TransferStatus {
  name: string;
  holds: string[];
  waitsFor: string | null;
}

export interface TransferOptions {
  /** The request made while holding the first lock (a check at the bank). */
  bank: (signal: AbortSignal) => Promise<unknown>;
  /** Take the locks in rank order instead of from-then-to. */
  ordered: boolean;
  signal: AbortSignal;
  status: TransferStatus;
}

/** Wait for `account`'s lock, keeping `status` up to date. */
async function take(
  account: Account,
  options: TransferOptions,
): Promise<Release> {
  const { status } = options;
  status.waitsFor = account.name;
  const release = await account.lock.acquire(options.signal);
  status.waitsFor = null;
  status.holds.push(account.name);
  return () => {
    status.holds.splice(status.holds.indexOf(account.name), 1);
    release();
  };
}

// #region transfer
export async function transfer(
  from: Account,
  to: Account,
  amount: number,
  options: TransferOptions,
): Promise<void> {
  // Without ordering, the first lock is the source's: A then B for one
  // transfer, B then A for the other. With it, the lower rank goes first.
  const [first, second] =
    options.ordered && to.rank < from.rank ? [to, from] : [from, to];
  const releaseFirst = await take(first, options);
  try {
    // A request while holding one lock: time for the other transfer to
    // take its own first lock.
    await options.bank(options.signal);
    const releaseSecond = await take(second, options);
    try {
      from.balance -= amount;
      to.balance += amount;
    } finally {
      releaseSecond();
    }
  } finally {
    releaseFirst();
  }
}
// #endregion

export interface Plan {
  from: Account;
  to: Account;
  amount: number;
}

export interface TransfersReport {
  completed: number;
  ms: number;
  /** Where each transfer stood when the watchdog gave up; null if it did
   * not need to. */
  stuck: TransferStatus[] | null;
  /** The cycle of waits it found, in words; null if there was none. */
  cycle: string | null;
}

/** The transfers that wait in a circle: each one waits for an account
 * that the next one holds. */
export function findCycle(statuses: TransferStatus[]): string | null {
  const holderOf = (name: string) =>
    statuses.find((status) => status.holds.includes(name));
  for (const start of statuses) {
    const path: TransferStatus[] = [];
    let at: TransferStatus | undefined = start;
    while (at !== undefined && at.waitsFor !== null && !path.includes(at)) {
      path.push(at);
      at = holderOf(at.waitsFor);
    }
    if (at === start && path.length > 1) {
      return path
        .map(
          (s) =>
            `${s.name} holds ${s.holds.join(", ")}, waits for ${s.waitsFor}`,
        )
        .join("; ");
    }
  }
  return null;
}

// #region watchdog
export async function runTransfers(
  plans: Plan[],
  options: Pick<TransferOptions, "bank" | "ordered"> & { deadlineMs: number },
): Promise<TransfersReport> {
  const controller = new AbortController();
  const statuses = plans.map(({ from, to }) => ({
    name: `${from.name}→${to.name}`,
    holds: [] as string[],
    waitsFor: null as string | null,
  }));
  const started = performance.now();
  const running = plans.map(({ from, to, amount }, i) =>
    transfer(from, to, amount, {
      ...options,
      signal: controller.signal,
      status: statuses[i] as TransferStatus,
    }),
  );
  // The watchdog: if they are not all done by the deadline, note where
  // each one stands, then abort them all, which ends every wait.
  let stuck: TransferStatus[] | null = null;
  const watchdog = setTimeout(() => {
    stuck = statuses.map((s) => ({ ...s, holds: [...s.holds] }));
    controller.abort(new Error(`not done after ${options.deadlineMs} ms`));
  }, options.deadlineMs);
  const settled = await Promise.allSettled(running);
  clearTimeout(watchdog);
  return {
    completed: settled.filter((s) => s.status === "fulfilled").length,
    ms: performance.now() - started,
    stuck,
    cycle: stuck === null ? null : findCycle(stuck),
  };
}
// #endregion
