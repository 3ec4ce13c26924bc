// Mistake: the abort listener stays after the task starts, so a late abort takes another task out of the line.
// Rejected for: a late abort
import type { HostScheduler, SchedulerOptions } from "../../host-scheduler.ts";

interface Waiter {
  start: () => void;
}

interface Host {
  active: number;
  notBefore: number;
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function createScheduler(options: SchedulerOptions): HostScheduler {
  const interval = 1000 / options.ratePerSecond;
  const hosts = new Map<string, Host>();
  const hostOf = (name: string): Host => {
    let host = hosts.get(name);
    if (host === undefined) {
      host = { active: 0, notBefore: 0, queue: [], timer: undefined };
      hosts.set(name, host);
    }
    return host;
  };

  // Start what may start now; if the next start is not due yet, set one
  // timer for it. Called whenever a slot frees, a task comes or a pause
  // changes.
  const pump = (host: Host): void => {
    clearTimeout(host.timer);
    host.timer = undefined;
    while (host.active < options.perHost && host.queue.length > 0) {
      const wait = host.notBefore - performance.now();
      if (wait > 0) {
        host.timer = setTimeout(() => pump(host), wait);
        return;
      }
      host.active++;
      host.notBefore = performance.now() + interval;
      host.queue.shift()?.start();
    }
  };

  return {
    run(name, task, signal = new AbortController().signal) {
      signal.throwIfAborted();
      const host = hostOf(name);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          start: () => {
            // The listener is left in place.
            // The slot is given back however the task ends.
            task(signal)
              .then(resolve, reject)
              .finally(() => {
                host.active--;
                pump(host);
              });
          },
        };
        // An abort while waiting takes the task out of the line, so it
        // never starts, and lets `pump` drop a timer nobody needs.
        const onAbort = (): void => {
          host.queue.splice(host.queue.indexOf(waiter), 1);
          reject(signal.reason);
          pump(host);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        host.queue.push(waiter);
        pump(host);
      });
    },
    pauseHost(name, ms) {
      const host = hostOf(name);
      host.notBefore = Math.max(host.notBefore, performance.now() + ms);
      pump(host);
    },
  };
}
