// Closed loop against open loop on a server that stalls: the server's
// process is frozen for a while in the middle of the run, as a long
// garbage collection or a paused VM would freeze it, and the two loops
// report that pause very differently.
import { runLoad, type LoadReport } from "./loadgen.ts";

export interface StallOptions {
  url: string;
  /** Freezes the server for `ms`; resolves when it runs again. */
  stall: (ms: number) => Promise<void>;
  connections: number;
  durationMs: number;
  stallAtMs: number;
  stallMs: number;
  /** Requests per second for the open loop; none for the closed loop. */
  rate?: number;
  /** Width of the windows the latency over time is cut into. */
  windowMs?: number;
}

export interface StallReport {
  report: LoadReport;
  /** [window start, worst latency in it], by when requests were due. */
  worstByTime: [number, number][];
  /** The same, counted from when each request was sent. */
  worstServiceByTime: [number, number][];
}

function worst(windows: Map<number, number>): [number, number][] {
  return [...windows]
    .sort(([a], [b]) => a - b)
    .map(([t, ms]) => [t, Math.round(ms * 10) / 10]);
}

// #region stall
export async function loadWithStall(
  options: StallOptions,
): Promise<StallReport> {
  const windowMs = options.windowMs ?? 50;
  const byDue = new Map<number, number>();
  const bySent = new Map<number, number>();
  const keep = (map: Map<number, number>, at: number, ms: number) => {
    const window = Math.floor(at / windowMs) * windowMs;
    map.set(window, Math.max(map.get(window) ?? 0, ms));
  };
  const running = runLoad({
    url: options.url,
    connections: options.connections,
    durationMs: options.durationMs,
    ...(options.rate !== undefined && { rate: options.rate }),
    onResponse: (dueAtMs, latencyMs, serviceMs) => {
      keep(byDue, dueAtMs, latencyMs);
      // When it was sent: its latency from then is its service time.
      keep(bySent, dueAtMs + latencyMs - serviceMs, serviceMs);
    },
  });
  // The stall comes while the load runs, at the same time in both loops.
  const stalled = new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      options.stall(options.stallMs).then(resolve, reject);
    }, options.stallAtMs);
  });
  const [report] = await Promise.all([running, stalled]);
  return {
    report,
    worstByTime: worst(byDue),
    worstServiceByTime: worst(bySent),
  };
}
// #endregion
