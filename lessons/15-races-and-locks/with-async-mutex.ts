// The same lock per event, with async-mutex: the mutex most Node projects
// reach for. Its `Mutex` keeps waiters in line and hands the lock to the
// first of them, as ours does; `runExclusive` releases it however the task
// ends.
import { Mutex } from "async-mutex";
import { perKey, sellUnsafe, type Pay, type Sell } from "./sell.ts";
import type { TicketOffice } from "./ticket-office.ts";

// #region async-mutex
export function asyncMutexSeller(office: TicketOffice, pay: Pay): Sell {
  const lockOf = perKey(() => new Mutex());
  return (event, buyer) =>
    lockOf(event).runExclusive(() => sellUnsafe(office, pay, event, buyer));
}
// #endregion
