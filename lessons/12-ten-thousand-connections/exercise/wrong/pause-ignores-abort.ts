// Mistake: the pause does not take the signal, so keepAlive ends only after the longest pause.
// Rejected for: the pause must end when the signal aborts
import { setTimeout as sleep } from "node:timers/promises";
import type { HeadConnection } from "../head-connection.ts";
import type { Plan, Tally } from "../solution.ts";

/** Resolves once every connection has ended, with what they did. */
export async function keepAlive(plan: Plan): Promise<Tally> {
  const tally: Tally = { opened: 0, responses: 0, errors: 0 };
  const connections: Promise<void>[] = [];
  for (let i = 0; i < plan.connections; i++) {
    if (plan.signal.aborted) break;
    connections.push(holdConnection(plan, tally));
    // A tick's worth opened: wait for the next tick before more.
    if ((i + 1) % plan.perTick === 0) {
      await sleep(plan.tickMs, undefined, { signal: plan.signal }).catch(
        () => {},
      );
    }
  }
  await Promise.all(connections);
  return tally;
}

/** One connection's life: HEAD, pause, HEAD again, until the abort. */
async function holdConnection(plan: Plan, tally: Tally): Promise<void> {
  let connection: HeadConnection | undefined;
  const close = (): void => connection?.close();
  try {
    connection = await plan.open(plan.url);
    tally.opened++;
    // The abort closes the connection, which ends a head() in flight.
    plan.signal.addEventListener("abort", close, { once: true });
    while (!plan.signal.aborted) {
      await connection.head();
      tally.responses++;
      // The pause runs to its end, abort or not.
      await sleep(plan.pauseMs());
    }
  } catch {
    // A failure ends this connection, and only this one.
    if (!plan.signal.aborted) tally.errors++;
  } finally {
    plan.signal.removeEventListener("abort", close);
    connection?.close();
  }
}
