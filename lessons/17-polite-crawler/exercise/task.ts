// Your task: a per-host scheduler. At most `perHost` tasks of one host run
// at once, starts are at least `1000 / ratePerSecond` ms apart,
// `pauseHost` holds a host's starts (a 429's Retry-After), an abort takes
// a waiting task out of the line, and hosts never wait for each other.
// `npm run verify -- 17` tells you how close you are.
import type { HostScheduler, SchedulerOptions } from "../host-scheduler.ts";

export function createScheduler(options: SchedulerOptions): HostScheduler {
  // TODO: keep, per host, the tasks running, a line of waiting tasks and
  // the time before which no new task of that host may start.
  void options;
  return {
    run(name, task, signal = new AbortController().signal) {
      signal.throwIfAborted();
      // TODO: wait for a free slot of `name` (at most `options.perHost`)
      // and for its next start to be due (`1000 / options.ratePerSecond`
      // ms after the last start), then give the slot back however the
      // task ends.
      // TODO: on abort while waiting, leave the line and reject with
      // `signal.reason`, without ever starting the task.
      void name;
      return task(signal);
    },
    pauseHost(name, ms) {
      // TODO: no task of `name` may start until `ms` from now.
      void name;
      void ms;
    },
  };
}
