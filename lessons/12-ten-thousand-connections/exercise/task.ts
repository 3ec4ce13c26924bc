// A keep-alive load client: ramp up to `plan.connections` connections,
// `plan.perTick` every `plan.tickMs`, and keep each one open by sending
// HEAD after a random pause, until `plan.signal` aborts.
import type { HeadConnection } from "./head-connection.ts";

export interface Plan {
  url: string;
  connections: number;
  /** New connections per tick (the original's 10)... */
  perTick: number;
  /** ...every tickMs milliseconds (the original's 10). */
  tickMs: number;
  /** The pause before the next HEAD on a connection, drawn each time. */
  pauseMs: () => number;
  /** Opens a connection (use it: the check hands you one). */
  open: (url: string) => Promise<HeadConnection>;
  /** Aborts the run: close every connection, then resolve. */
  signal: AbortSignal;
}

export interface Tally {
  opened: number;
  responses: number;
  /** Connections that failed; an abort is not a failure. */
  errors: number;
}

/** Resolves once every connection has ended, with what they did. */
export async function keepAlive(plan: Plan): Promise<Tally> {
  const tally: Tally = { opened: 0, responses: 0, errors: 0 };
  const connections: Promise<void>[] = [];
  for (let i = 0; i < plan.connections; i++) {
    connections.push(holdConnection(plan, tally));
    // TODO: after every `plan.perTick` connections, wait `plan.tickMs`
    // before the next ones, and open no more once the signal has aborted.
  }
  await Promise.all(connections);
  return tally;
}

/** One connection's life: HEAD, pause, HEAD again, until the abort. */
async function holdConnection(plan: Plan, tally: Tally): Promise<void> {
  const connection = await plan.open(plan.url);
  tally.opened++;
  // TODO: close the connection when `plan.signal` aborts.
  await connection.head();
  tally.responses++;
  // TODO: keep it alive: until the signal aborts, pause `plan.pauseMs()`
  // milliseconds and send HEAD again.
  // TODO: a failure ends this connection only: count it in `tally.errors`
  // (an abort is not a failure), and close the connection in every case.
}
