// Shared by this lesson's tests: the server's log as "path outcome" lines.
import type { ServerStats } from "../../src/server/types.ts";

/** "path outcome" for each request of the log, in the order they arrived. */
export function outcomes(stats: ServerStats): string[] {
  return stats.requests.map((r) => `${r.path} ${r.outcome}`);
}
