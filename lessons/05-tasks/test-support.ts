// Shared by this lesson's tests: the server's log once it has caught up.
import type { BundledServer } from "../../src/server/index.ts";
import type { ServerStats } from "../../src/server/types.ts";

const SETTLE_MS = 1000;
const POLL_MS = 10;

/**
 * The server's stats once nothing is in flight, or after `SETTLE_MS`. A
 * client's socket is closed by the time its promise rejects (or its process
 * has exited), but the server hears of it a moment later.
 */
export async function settledStats(
  server: BundledServer,
): Promise<ServerStats> {
  const deadline = performance.now() + SETTLE_MS;
  let stats = server.stats();
  while (stats.inFlight > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    stats = server.stats();
  }
  return stats;
}

/** "path outcome" for each request of the log, in the order they arrived. */
export function outcomes(stats: ServerStats): string[] {
  return stats.requests.map((r) => `${r.path} ${r.outcome}`);
}
