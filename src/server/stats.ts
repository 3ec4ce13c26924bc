// What the server saw: requests in flight, peak, totals, open connections and
// a bounded log of requests. Times are milliseconds since the last reset.
import { performance } from "node:perf_hooks";
import type { RequestRecord, ServerStats } from "./types.ts";

/** Oldest records are dropped beyond this, so a long benchmark cannot eat memory. */
export const LOG_LIMIT = 10_000;

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
  // A ring: once full, `#oldest` marks where the next record overwrites.
  #records: RequestRecord[] = [];
  #oldest = 0;
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
  arrive(connection: Connection, method: string, path: string): RequestRecord {
    connection.requests++;
    const record: RequestRecord = {
      id: this.#nextId++,
      connectionId: connection.id,
      method,
      path,
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
    if (this.#records.length < LOG_LIMIT) {
      this.#records.push(record);
    } else {
      this.#records[this.#oldest] = record;
      this.#oldest = (this.#oldest + 1) % LOG_LIMIT;
      this.#dropped++;
    }
    return record;
  }

  firstByte(record: RequestRecord, status: number): void {
    if (record.firstByteAt !== null) return;
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
    this.#oldest = 0;
    this.#dropped = 0;
    this.#nextId = 1;
    this.#peakInFlight = this.#inFlight;
    this.#totalRequests = 0;
    this.#totalConnections = 0;
  }

  snapshot(): ServerStats {
    return {
      inFlight: this.#inFlight,
      peakInFlight: this.#peakInFlight,
      totalRequests: this.#totalRequests,
      totalConnections: this.#totalConnections,
      openConnections: this.#openConnections,
      openEchoConnections: this.#openEchoConnections,
      epoch: this.#epoch,
      requests: [
        ...this.#records.slice(this.#oldest),
        ...this.#records.slice(0, this.#oldest),
      ].map((record) => ({ ...record })),
      droppedRecords: this.#dropped,
    };
  }
}
