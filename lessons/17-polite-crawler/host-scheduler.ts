// The per-host scheduler's contract: at most `perHost` tasks of one host at
// a time, starts at least `1000 / ratePerSecond` ms apart, and a pause
// that a 429's `Retry-After` sets. Hosts do not wait for each other. The
// exercise's solution implements it, and the crawler uses that.

export interface SchedulerOptions {
  /** Tasks of one host in flight at once. */
  perHost: number;
  /** Starts per second for one host. */
  ratePerSecond: number;
}

export interface HostScheduler {
  /** Run `task` when `host` has a free slot and its next start is due. */
  run<T>(
    host: string,
    task: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>;
  /** No new start for `host` until `ms` from now (a 429's Retry-After). */
  pauseHost(host: string, ms: number): void;
}

export { createScheduler } from "./exercise/solution.ts";
