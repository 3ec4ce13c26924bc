// What the server saw of one style's requests: how many, whether they were
// in flight at the same time, and how long from the first arrival to the
// last answer. The proof of concurrency is the server's log, not the
// client's clock: a JVM that takes seconds to start does not change it.
import type { RequestRecord } from "../../src/server/types.ts";

export interface Seen {
  paths: string[];
  statuses: number[];
  /** Each request arrived before every other one had finished. */
  overlapped: boolean;
  /** The most requests in flight at once. */
  peak: number;
  /** From the first arrival to the last finish, in ms. */
  spanMs: number;
}

/** Read the log, leaving out the requests for `/stats` themselves. */
export function seenByServer(log: RequestRecord[]): Seen {
  const requests = log.filter((r) => !r.path.startsWith("/stats"));
  const ends = requests.map((r) => r.finishedAt ?? Infinity);
  const overlapped =
    requests.length > 1 &&
    requests.every((r) =>
      requests.every((o, j) => o === r || r.arrivedAt < (ends[j] ?? 0)),
    );
  // A request is in flight from its arrival to its finish.
  const events = requests.flatMap((r, i) => [
    { at: r.arrivedAt, step: 1 },
    { at: ends[i] ?? Infinity, step: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let peak = 0;
  for (const { step } of events) peak = Math.max(peak, (now += step));
  const first = Math.min(...requests.map((r) => r.arrivedAt));
  return {
    paths: requests.map((r) => r.path),
    statuses: requests.map((r) => r.status),
    overlapped,
    peak,
    spanMs: requests.length > 0 ? Math.max(...ends) - first : 0,
  };
}
