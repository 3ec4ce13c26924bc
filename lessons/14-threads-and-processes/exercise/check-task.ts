// The task that check.ts gives the learner's pool. It burns a set amount of
// CPU time on the thread that runs it, and reports which thread that was and
// when it started and ended, so that the check can see how the tasks ran.
// Inside a worker it also answers the check's pings, so that the check can
// tell whether workers are still alive after the pool is done.
import { BroadcastChannel, isMainThread, threadId } from "node:worker_threads";

/** The name of the BroadcastChannel the check talks to workers on. */
export const CHANNEL = "lesson-14-check";

export interface CheckInput {
  id: number;
  /** The check run this task belongs to; pongs carry it. */
  run: string;
  /** CPU time to burn, in milliseconds of this thread's own CPU. */
  cpuMs: number;
  /** Throw instead of returning, once the CPU time is burnt. */
  fail?: boolean;
  /** Wait (up to `waitMs`) until cell 0 is at least `waitForCount` before
   * starting. */
  waitFor?: Int32Array;
  waitForCount?: number;
  waitMs?: number;
  /** Add 1 to cell 0 and wake its waiters when done. */
  release?: Int32Array;
  /** Cell 0 counts tasks that started; waiters are woken at each. */
  started?: Int32Array;
  /** Cell 0 counts slices of work done, by every task: a heartbeat. */
  heartbeat?: Int32Array;
  /** Stop early once cell 0 is no longer 0. */
  stop?: Int32Array;
}

export interface CheckOutput {
  id: number;
  threadId: number;
  /** Wall-clock times in ms (epoch), comparable across threads. */
  start: number;
  end: number;
  /** CPU time this thread spent on the task. */
  cpuMs: number;
  /** With `waitFor`: cell 0 when the wait ended (by count, or by time). */
  sawCount?: number;
}

export interface Pong {
  pong: number;
  run: string;
}

let lastRun = "";

if (!isMainThread) {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    const message = (event as { data?: unknown }).data;
    if (message === "ping" && lastRun !== "") {
      channel.postMessage({ pong: threadId, run: lastRun } satisfies Pong);
    } else if (message === "exit") {
      // Ends this worker thread only: the check's way to clean up after a
      // pool that left its workers running.
      process.exit(0);
    }
  };
  // The channel alone must not keep a worker alive.
  channel.unref();
}

const now = (): number => performance.timeOrigin + performance.now();

function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/** Blocks this thread until cell 0 is at least `count`, or `ms` have
 * passed; returns the cell's value then. */
function waitForCount(cell: Int32Array, count: number, ms: number): number {
  const deadline = Date.now() + ms;
  let seen = Atomics.load(cell, 0);
  while (seen < count && Date.now() < deadline) {
    Atomics.wait(cell, 0, seen, deadline - Date.now());
    seen = Atomics.load(cell, 0);
  }
  return seen;
}

export default function checkTask(input: CheckInput): CheckOutput {
  lastRun = input.run;
  const sawCount = input.waitFor
    ? waitForCount(input.waitFor, input.waitForCount ?? 1, input.waitMs ?? 5000)
    : undefined;
  const start = now();
  if (input.started) {
    Atomics.add(input.started, 0, 1);
    Atomics.notify(input.started, 0);
  }
  const cpuAtStart = threadCpuMs();
  let x = input.id;
  while (threadCpuMs() - cpuAtStart < input.cpuMs) {
    for (let i = 0; i < 20_000; i++) x = (x * 31 + i) % 1_000_003;
    if (input.heartbeat) Atomics.add(input.heartbeat, 0, 1);
    if (input.stop && Atomics.load(input.stop, 0) !== 0) break;
  }
  if (input.release) {
    Atomics.add(input.release, 0, 1);
    Atomics.notify(input.release, 0);
  }
  if (input.fail) throw new Error(`task ${input.id} failed on purpose`);
  return {
    // `x` is never negative: using it keeps the loop from being optimised
    // away.
    id: x < 0 ? -1 : input.id,
    threadId,
    start,
    end: now(),
    cpuMs: threadCpuMs() - cpuAtStart,
    ...(sawCount === undefined ? {} : { sawCount }),
  };
}
