// Mistake: the rate is waited out inside the slot, as the asyncio version does, with a sleep no abort ends: a task aborted then still starts.
// Rejected for: waited for the rate (a slot was free) still started
import { setTimeout as sleep } from "node:timers/promises";
import type { HostScheduler, SchedulerOptions } from "../../host-scheduler.ts";

interface Host {
  active: number;
  notBefore: number;
  queue: (() => void)[];
}

export function createScheduler(options: SchedulerOptions): HostScheduler {
  const interval = 1000 / options.ratePerSecond;
  const hosts = new Map<string, Host>();
  const hostOf = (name: string): Host => {
    let host = hosts.get(name);
    if (host === undefined) {
      host = { active: 0, notBefore: 0, queue: [] };
      hosts.set(name, host);
    }
    return host;
  };
  return {
    async run(name, task, signal = new AbortController().signal) {
      signal.throwIfAborted();
      const host = hostOf(name);
      if (host.active >= options.perHost) {
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            host.queue.splice(host.queue.indexOf(go), 1);
            reject(signal.reason);
          };
          const go = () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          };
          signal.addEventListener("abort", onAbort, { once: true });
          host.queue.push(go);
        });
      } else host.active++;
      try {
        // Sleep inside the slot until the host's next start is due.
        for (;;) {
          const wait = host.notBefore - performance.now();
          if (wait <= 0) break;
          await sleep(wait);
        }
        host.notBefore = performance.now() + interval;
        return await task(signal);
      } finally {
        const next = host.queue.shift();
        if (next) next();
        else host.active--;
      }
    },
    pauseHost(name, ms) {
      const host = hostOf(name);
      host.notBefore = Math.max(host.notBefore, performance.now() + ms);
    },
  };
}
