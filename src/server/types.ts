// Shapes shared by the bundled server, its HTTP client, the lesson runner,
// the exercise checks and the timeline renderers.

/** The header of `GET /stats` that names the TCP echo server's port, so a
 * client given only the HTTP URL can find the echo server. */
export const ECHO_PORT_HEADER = "x-echo-port";

/** The header that says why a response closes its connection, on the few
 * that must (every other response keeps the connection open). */
export const CLOSE_REASON_HEADER = "x-close-reason";

/** One request as the server saw it. Times are milliseconds since the last reset. */
export interface RequestRecord {
  /** Sequence number, from 1 since the last reset. */
  id: number;
  /** Which TCP connection carried it (connections are numbered from 1 since start). */
  connectionId: number;
  method: string;
  /** Path and query, as sent; one longer than 256 characters is cut there
   * and marked with the length of the rest, e.g. `/x?a=aaa [+9000 chars]`. */
  path: string;
  /** The request's headers were complete. */
  arrivedAt: number;
  /** The response's headers were written; null if it never started. */
  firstByteAt: number | null;
  /** The response ended or the connection went away; null while in flight. */
  finishedAt: number | null;
  /** Status code sent, or 0 if none was (reset, hang cut short). */
  status: number;
  /** Client closed, server reset, or completed normally. */
  outcome: "ok" | "aborted" | "reset" | "in-flight";
}

export interface ServerStats {
  /** Requests whose response has not finished yet. */
  inFlight: number;
  /** Highest `inFlight` seen since the last reset. */
  peakInFlight: number;
  /** Requests that arrived since the last reset. */
  totalRequests: number;
  /** TCP connections accepted since the last reset. */
  totalConnections: number;
  /** HTTP connections open right now. */
  openConnections: number;
  /** Echo-server connections open right now. */
  openEchoConnections: number;
  /** Epoch milliseconds of the last reset: `arrivedAt` etc. are relative to it. */
  epoch: number;
  /**
   * Every request since the last reset, oldest first (bounded: the newest
   * 10,000 records and 4 MiB at most; see `droppedRecords`). Over HTTP,
   * `/stats?since=ID&limit=N` answers the records after id ID, N at most.
   */
  requests: RequestRecord[];
  /** Records dropped because the log is bounded. */
  droppedRecords: number;
  /**
   * In an answer of `GET /stats`: the `since` that fetches the next page,
   * or null when `requests` reaches the newest record.
   */
  next?: number | null;
}

export interface ServerOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** TCP echo port; 0 picks a free one. */
  echoPort?: number;
}

export interface RunningServer {
  /** Base URL of the HTTP server, without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  host: string;
  port: number;
  echoPort: number;
  /** Current stats, read in-process (no HTTP request). */
  stats(): ServerStats;
  /** Clear the log, totals and peak; keep open connections. */
  resetStats(): void;
  /** Close idle keep-alive connections first, then the rest; resolve when both servers are closed. */
  close(): Promise<void>;
}

/** Talks to a running bundled server over HTTP: in-process or started elsewhere. */
export interface ServerClient {
  url: string;
  echo: { host: string; port: number };
  /** GET /stats */
  stats(): Promise<ServerStats>;
  /** POST /stats/reset */
  reset(): Promise<void>;
}
