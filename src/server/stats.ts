// What the server saw: requests in flight, peak, totals, open connections and
// a bounded log of requests. Times are milliseconds since the last reset.
import { performance } from "node:perf_hooks";
import type { RequestRecord, ServerStats } from "./types.ts";

/** Oldest records are dropped beyond this, so a long benchmark cannot eat memory. */
export const LOG_LIMIT = 10_000;

/**
 * The log's size bound in bytes, counted as each record's path and method
 * plus `RECORD_BYTES` for the rest of it: the oldest records are dropped
 * beyond it too, so long request targets cannot make the log large.
 */
export const LOG_BYTES = 4 * 1024 * 1024;

/** What one record costs besides its path and method (numbers, keys, JSON). */
export const RECORD_BYTES = 160;

/**
 * A request target longer than this is logged as its first `TARGET_LIMIT`
 * characters and a marker with the rest's length, e.g. `/delay/0?pad=aaa
 * [+15744 chars]`. (A target never contains a space, so the marker cannot be
 * mistaken for part of one.)
 */
export const TARGET_LIMIT = 256;

/** The target as the log keeps it: whole, or cut with a marker. */
export function loggedTarget(target: string): string {
  if (target.length <= TARGET_LIMIT) return target;
  const rest = target.length - TARGET_LIMIT;
  // A copy, not a slice: V8 makes a long slice a view that keeps the whole
  // original string alive, which would defeat the bound.
  const head = Buffer.from(target.slice(0, TARGET_LIMIT)).toString();
  return `${head} [+${rest} chars]`;
}

function cost(record: RequestRecord): number {
  return RECORD_BYTES + record.path.length + record.method.length;
}

/** A stretch of the log, for `/stats?since=&limit=`. */
export interface LogPage {
  /** The figures of `ServerStats` other than the records. */
  totals: Omit<ServerStats, "requests">;
  /**
   * The records after `since`, oldest first, at most `limit`. Records still
   * in flight are copies, taken now; finished records never change again,
   * so they are the log's own.
   */
  records: readonly RequestRecord[];
  /** The `since` of the next page, or null if this one reaches the newest. */
  next: number | null;
}

/** One TCP connection of the HTTP server, as the stats see it. */
export interface Connection {
  readonly id: number;
  /** Requests it has carried (monitor requests not included). */
  requests: number;
  monitor: boolean;
  resetsAtOpen: number;
}

type Outcome = Exclude<RequestRecord["outcome"], "in-flight">;

// Two decimals are plenty for a timeline and keep the JSON short.
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export class Stats {
  #origin = performance.now();
  #epoch = Date.now();
  // A queue: records from `#head` on are kept, oldest first, and their ids
  // are consecutive. Dropped records are cleared and the array compacted
  // now and then.
  #records: (RequestRecord | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  #dropped = 0;
  #nextId = 1;
  #inFlight = 0;
  #peakInFlight = 0;
  #totalRequests = 0;
  #totalConnections = 0;
  #openConnections = 0;
  #openEchoConnections = 0;
  // Connections are numbered from 1 since start, not since the last reset.
  #nextConnectionId = 1;
  #resets = 0;

  now(): number {
    return round(performance.now() - this.#origin);
  }

  connectionOpened(): Connection {
    this.#openConnections++;
    this.#totalConnections++;
    const id = this.#nextConnectionId++;
    return { id, requests: 0, monitor: false, resetsAtOpen: this.#resets };
  }

  connectionClosed(connection: Connection): void {
    if (!connection.monitor) this.#openConnections--;
  }

  /**
   * A connection whose first request reads or resets the stats is a monitor,
   * not part of the experiment: take it out of the counts, so that asking
   * for the stats does not change them. (Monitor responses close their
   * connection, so it never carries an experiment's request later.)
   */
  markMonitor(connection: Connection): void {
    if (connection.monitor || connection.requests > 0) return;
    connection.monitor = true;
    this.#openConnections--;
    if (connection.resetsAtOpen === this.#resets) this.#totalConnections--;
  }

  echoOpened(): void {
    this.#openEchoConnections++;
  }

  echoClosed(): void {
    this.#openEchoConnections--;
  }

  /** A request's headers are complete: start its record. */
  arrive(
    connection: Connection,
    method: string,
    target: string,
  ): RequestRecord {
    connection.requests++;
    const record: RequestRecord = {
      id: this.#nextId++,
      connectionId: connection.id,
      method,
      path: loggedTarget(target),
      arrivedAt: this.now(),
      firstByteAt: null,
      finishedAt: null,
      status: 0,
      outcome: "in-flight",
    };
    this.#totalRequests++;
    this.#inFlight++;
    if (this.#inFlight > this.#peakInFlight)
      this.#peakInFlight = this.#inFlight;
    this.#records.push(record);
    this.#bytes += cost(record);
    while (this.#size() > LOG_LIMIT || this.#bytes > LOG_BYTES) {
      this.#dropOldest();
    }
    return record;
  }

  #size(): number {
    return this.#records.length - this.#head;
  }

  #dropOldest(): void {
    const oldest = this.#records[this.#head];
    if (oldest === undefined) return;
    this.#bytes -= cost(oldest);
    this.#records[this.#head] = undefined;
    this.#head++;
    this.#dropped++;
    // Compact once the dropped part is as long as the kept part: each
    // record is moved a bounded number of times on average.
    if (this.#head >= 1024 && this.#head * 2 >= this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The kept records, oldest first. */
  #kept(): RequestRecord[] {
    return this.#records.slice(this.#head) as RequestRecord[];
  }

  firstByte(record: RequestRecord, status: number): void {
    // A finished record never changes again (`page` relies on it).
    if (record.firstByteAt !== null || record.outcome !== "in-flight") return;
    record.firstByteAt = this.now();
    record.status = status;
  }

  /**
   * End a record; later calls for the same record are ignored, so
   * `inFlight` stays right even for requests that outlive a reset.
   */
  finish(record: RequestRecord, outcome: Outcome): void {
    if (record.outcome !== "in-flight") return;
    record.finishedAt = this.now();
    record.outcome = outcome;
    this.#inFlight--;
  }

  /** Clear the log, totals and peak; open connections and in-flight requests stay. */
  reset(): void {
    this.#resets++;
    this.#origin = performance.now();
    this.#epoch = Date.now();
    this.#records = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#dropped = 0;
    this.#nextId = 1;
    this.#peakInFlight = this.#inFlight;
    this.#totalRequests = 0;
    this.#totalConnections = 0;
  }

  /** The log's estimated size in bytes (see `LOG_BYTES`). */
  logBytes(): number {
    return this.#bytes;
  }

  #totals(): LogPage["totals"] {
    return {
      inFlight: this.#inFlight,
      peakInFlight: this.#peakInFlight,
      totalRequests: this.#totalRequests,
      totalConnections: this.#totalConnections,
      openConnections: this.#openConnections,
      openEchoConnections: this.#openEchoConnections,
      epoch: this.#epoch,
      droppedRecords: this.#dropped,
    };
  }

  /** Everything, with copies of the records: for in-process readers. */
  snapshot(): ServerStats {
    return {
      ...this.#totals(),
      requests: this.#kept().map((record) => ({ ...record })),
    };
  }

  /**
   * The records whose id is above `since`, at most `limit` of them, and the
   * totals. Cheap to hold while a slow client reads it: the finished
   * records are shared, not copied.
   */
  page(since: number, limit: number): LogPage {
    const first = this.#records[this.#head];
    // Ids are consecutive from the oldest kept record on.
    const skip = first === undefined ? 0 : Math.max(0, since + 1 - first.id);
    const start = this.#head + Math.min(skip, this.#size());
    const end = Math.min(start + limit, this.#records.length);
    const records = (this.#records.slice(start, end) as RequestRecord[]).map(
      (record) => (record.outcome === "in-flight" ? { ...record } : record),
    );
    const last = records.at(-1);
    const next =
      last !== undefined && last.id < this.#nextId - 1 ? last.id : null;
    return { totals: this.#totals(), records, next };
  }
}
