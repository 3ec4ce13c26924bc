// Waiting until the server's log shows a state: how the shutdown runs pick
// the moment to ask for a drain or a cancel, by what happened, not by time.
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerClient, ServerStats } from "../../src/server/types.ts";

/** `done` requests have finished and `inFlight` more are in flight. */
export function doneAndInFlight(done: number, inFlight: number) {
  return (stats: ServerStats): boolean =>
    stats.inFlight === inFlight &&
    stats.requests.filter((r) => r.outcome === "ok").length === done;
}

/** Resolve once `ready(stats)` holds, asking the server every 10 ms. */
export async function whenServer(
  client: ServerClient,
  ready: (stats: ServerStats) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  while (!ready(await client.stats())) await sleep(10, undefined, { signal });
}
