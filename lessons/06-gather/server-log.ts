// The server's log once every request in it has finished. A client that
// aborts a request does not wait for the server to notice the closed
// connection, so right after an abort the log may still say "in-flight".
import { setTimeout as sleep } from "node:timers/promises";
import type { RequestRecord, ServerClient } from "../../src/server/types.ts";

const POLL_MS = 10;

/**
 * Read `GET /stats` until nothing is in flight (or `timeoutMs` has passed)
 * and return the log, oldest request first.
 */
export async function settledLog(
  server: ServerClient,
  timeoutMs = 3000,
): Promise<RequestRecord[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stats = await server.stats();
    if (stats.inFlight === 0 || performance.now() >= deadline) {
      return stats.requests.filter((r) => !r.path.startsWith("/stats"));
    }
    await sleep(POLL_MS);
  }
}
