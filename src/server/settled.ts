// The server hears of a client's closed socket a moment after the client has
// gone: right after an abort (or a program's exit) the log may still say
// "in-flight". Whoever reads the log to learn how requests ended waits here
// until it has caught up.
import { setTimeout as sleep } from "node:timers/promises";
import type { RunContext } from "../lib/lesson-types.ts";
import { serverClient } from "./client.ts";
import type { RequestRecord, ServerStats } from "./types.ts";

const POLL_MS = 10;

/** A bundled server in this process, or a client of one anywhere. */
interface StatsSource {
  stats(): ServerStats | Promise<ServerStats>;
}

const nothingInFlight = (stats: ServerStats): boolean => stats.inFlight === 0;

/**
 * The server's stats once `done` holds (by default: nothing in flight), or
 * the last ones read when `timeoutMs` has passed.
 */
export async function settledStats(
  server: StatsSource,
  timeoutMs = 3000,
  done: (stats: ServerStats) => boolean = nothingInFlight,
): Promise<ServerStats> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stats = await server.stats();
    if (done(stats) || performance.now() >= deadline) return stats;
    await sleep(POLL_MS);
  }
}

/**
 * The log once nothing is in flight (or `timeoutMs` has passed), oldest
 * request first, without the reads of `GET /stats` themselves.
 */
export async function settledLog(
  server: StatsSource,
  timeoutMs = 3000,
): Promise<RequestRecord[]> {
  const { requests } = await settledStats(server, timeoutMs);
  return requests.filter((r) => !r.path.startsWith("/stats"));
}

/** settledLog of the server a lesson's run was given. */
export function settledRunLog(
  ctx: Pick<RunContext, "serverUrl" | "echo">,
): Promise<RequestRecord[]> {
  return settledLog(serverClient(ctx.serverUrl, ctx.echo));
}
