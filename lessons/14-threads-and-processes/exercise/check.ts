// Tells a worker pool that runs `size` tasks at a time in worker threads from
// one that runs them on the main thread, one at a time, on a new thread each,
// or in batches instead of giving a free worker the next input; that loses
// their order or their errors; or that leaves its workers running, after the
// work or after an abort. The tasks (check-task.ts) burn
// CPU and say which thread ran them and when; the check watches a timer on
// the main thread meanwhile, and asks the workers afterwards if they are
// still there.
import { setTimeout as sleep } from "node:timers/promises";
import { BroadcastChannel } from "node:worker_threads";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import {
  CHANNEL,
  type CheckInput,
  type CheckOutput,
  type Pong,
} from "./check-task.ts";

type RunInPool = (
  task: URL,
  inputs: readonly unknown[],
  options: { size: number; signal?: AbortSignal },
) => Promise<PromiseSettledResult<unknown>[]>;

const TASK = new URL("./check-task.ts", import.meta.url);
const EXPECTED =
  "`size` tasks at a time, each in a worker thread, with the main thread's timers on time meanwhile; the results in the order of the inputs; a task that throws rejecting its own result only; and every worker ended when the work is done, and at once on abort";

// Generous for a busy two-core machine: the work itself takes about a
// second of CPU time.
const DEADLINE_MS = 15_000;
// A worker pool leaves the main thread idle, though on a busy machine its
// timers run late too; code that runs a task on it holds it for as long as
// the task takes.
const LATE_LIMIT_MS = 250;
const TASK_CPU_MS = 80;
const STOP_WITHIN_MS = 2000;

// Hints, by their number in hints.md.
const HINT = {
  parallel: 1,
  errors: 2,
  terminate: 3,
  abort: 4,
  order: 5,
  mainThread: 6,
  bound: 7,
  next: 8,
} as const;

/** "1 thread", "3 threads". */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function fail(observed: string, hint: number, details: string[] = []) {
  return { passed: false, expected: EXPECTED, observed, details, hint };
}

type Settled =
  | { state: "resolved"; value: unknown }
  | { state: "rejected"; error: unknown }
  | { state: "pending" };

/** How `work` settled within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ state: "pending" }), ms);
  });
  const settled = work.then(
    (value): Settled => ({ state: "resolved", value }),
    (error: unknown): Settled => ({ state: "rejected", error }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The longest a 10 ms interval timer on this thread ran late. */
function watchLateness(): { stop(): number } {
  const every = 10;
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - every);
    last = now;
  }, every);
  return {
    stop() {
      clearInterval(timer);
      // A thread that was blocked until now never ran the timer at all.
      worst = Math.max(worst, performance.now() - last - every);
      return Math.max(0, worst);
    },
  };
}

function shared(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

function isOutput(value: unknown): value is CheckOutput {
  const v = value as Partial<CheckOutput> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.id === "number" &&
    typeof v.threadId === "number" &&
    typeof v.start === "number" &&
    typeof v.end === "number"
  );
}

/** The most tasks whose [start, end] overlapped at one moment. */
export function peakOverlap(outputs: CheckOutput[]): number {
  const events = outputs.flatMap((o) => [
    { t: o.start, d: 1 },
    { t: o.end, d: -1 },
  ]);
  // At equal times, an end comes before a start: touching is not overlap.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const { d } of events) {
    now += d;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** A settled result, for a verdict. */
function shown(result: PromiseSettledResult<unknown> | undefined): string {
  if (result?.status === "fulfilled" && result.value instanceof Error) {
    return `{ status: "fulfilled", value: ${describe(result.value)} }`;
  }
  if (result?.status === "fulfilled") {
    return `{ status: "fulfilled", value: ${JSON.stringify(result.value) ?? "undefined"} }`;
  }
  return String(result);
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** The workers of check run `run` that answer a ping within `ms`. */
async function answering(
  channel: BroadcastChannel,
  run: string,
  ms: number,
): Promise<number[]> {
  const threads = new Set<number>();
  const listener = (event: Event): void => {
    const pong = ((event as { data?: unknown }).data ?? {}) as Partial<Pong>;
    if (pong.run === run && typeof pong.pong === "number") {
      threads.add(pong.pong);
    }
  };
  channel.addEventListener("message", listener);
  try {
    channel.postMessage("ping");
    await sleep(ms);
    return [...threads];
  } finally {
    channel.removeEventListener("message", listener);
  }
}

// How far apart two tasks' end stamps may be, the wrong way round, for their
// results to still count as arriving in completion order.
const ORDER_SLACK_MS = 40;

/** The outputs in the order of the inputs, or a verdict on what is wrong. */
function outputsOf(
  value: unknown,
  count: number,
): CheckOutput[] | { observed: string; hint: number } {
  if (!Array.isArray(value) || value.length !== count) {
    const got = Array.isArray(value)
      ? `${value.length} results`
      : String(value);
    return {
      observed: `runInPool resolved with ${got} for ${count} inputs`,
      hint: HINT.order,
    };
  }
  const outputs: CheckOutput[] = [];
  for (const [i, result] of (value as unknown[]).entries()) {
    const r = result as Partial<PromiseSettledResult<unknown>> | undefined;
    if (r?.status === "rejected") {
      return {
        observed: `result ${i} was rejected (${describe(r.reason)}) though its task did not fail`,
        hint: HINT.errors,
      };
    }
    if (r?.status !== "fulfilled" || !isOutput(r.value)) {
      return {
        observed: `result ${i} is not { status: "fulfilled", value } with what the task returned: ${JSON.stringify(result)}`,
        hint: HINT.errors,
      };
    }
    outputs.push(r.value);
  }
  const ids = outputs.map((o) => o.id);
  if (ids.some((id, i) => id !== i)) {
    // A task's end is stamped in its worker just before the result is
    // posted; on a busy machine a worker may be held between the two, so
    // results that arrive in completion order can be a little out of order
    // by their stamps.
    const byCompletion = outputs.every(
      (o, k) => k === 0 || (outputs[k - 1]?.end ?? 0) <= o.end + ORDER_SLACK_MS,
    );
    const how = byCompletion
      ? "in completion order, not in the order of the inputs"
      : "out of order";
    return {
      observed: `runInPool returned the results ${how}: they held the tasks of inputs ${ids.join(", ")}`,
      hint: HINT.order,
    };
  }
  return outputs;
}

interface Seen {
  threads: number;
  peak: number;
  wallMs: number;
  cpuMs: number;
  lateMs: number;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** 12 tasks of 80 ms CPU on a pool of 3: how they ran, and after. */
async function parallel(
  runInPool: RunInPool,
  run: string,
  channel: BroadcastChannel,
): Promise<Verdict | Seen> {
  const size = 3;
  const count = 12;
  const inputs: CheckInput[] = Array.from({ length: count }, (_, id) => ({
    id,
    run,
    cpuMs: TASK_CPU_MS,
  }));
  const lateness = watchLateness();
  const started = performance.now();
  const outcome = await within(runInPool(TASK, inputs, { size }), DEADLINE_MS);
  const wallMs = performance.now() - started;
  const lateMs = lateness.stop();
  if (outcome.state === "pending") {
    return fail(
      `runInPool did not settle within ${formatMs(DEADLINE_MS)} for ${count} tasks of ${TASK_CPU_MS} ms each`,
      HINT.parallel,
    );
  }
  if (outcome.state === "rejected") {
    return fail(
      `runInPool rejected though no task failed: ${describe(outcome.error)}`,
      HINT.errors,
    );
  }
  const outputs = outputsOf(outcome.value, count);
  if (!Array.isArray(outputs)) return fail(outputs.observed, outputs.hint);
  const threads = new Set(outputs.map((o) => o.threadId));
  const peak = peakOverlap(outputs);
  const cpuMs = outputs.reduce((sum, o) => sum + o.cpuMs, 0);
  const figures = [
    `${count} tasks of ${TASK_CPU_MS} ms of CPU each, on a pool of ${size}: ${plural(threads.size, "thread")}, up to ${plural(peak, "task")} at once`,
    `wall time ${formatMs(wallMs)}, CPU time of the tasks ${formatMs(cpuMs)}; the main thread's 10 ms timer was at most ${formatMs(lateMs)} late`,
  ];
  if (threads.has(0)) {
    return fail(
      `runInPool ran tasks on the main thread (threadId 0), so nothing ran in parallel and its 10 ms timer was up to ${formatMs(lateMs)} late`,
      HINT.mainThread,
      figures,
    );
  }
  if (peak > size) {
    return fail(
      `runInPool used ${threads.size} worker threads for a pool of ${size}, and ran up to ${peak} tasks at once: more than ${size}`,
      HINT.bound,
      figures,
    );
  }
  if (threads.size > size) {
    return fail(
      `runInPool ran up to ${peak} tasks at once, but on ${threads.size} worker threads for ${count} tasks: it started a new worker for each task instead of reusing ${size}`,
      HINT.bound,
      figures,
    );
  }
  if (peak < size) {
    const how = peak === 1 ? "one at a time" : `at most ${peak} at a time`;
    return fail(
      `runInPool ran the tasks ${how} on ${plural(threads.size, "thread")}; a pool of ${size} runs ${size} at once`,
      HINT.parallel,
      figures,
    );
  }
  const taskMs = median(outputs.map((o) => o.end - o.start));
  if (lateMs > Math.max(LATE_LIMIT_MS, 0.8 * taskMs)) {
    return fail(
      `the main thread's 10 ms timer was up to ${formatMs(lateMs)} late while the tasks ran in workers, about as long as a task took (${formatMs(taskMs)}): something blocked the event loop`,
      HINT.mainThread,
      figures,
    );
  }
  // A worker that was told to terminate is gone within moments.
  await sleep(200);
  const alive = await answering(channel, run, 800);
  if (alive.length > 0) {
    return fail(
      `${plural(alive.length, "worker")} still answered a second after runInPool resolved: they were never terminated`,
      HINT.terminate,
      figures,
    );
  }
  return { threads: threads.size, peak, wallMs, cpuMs, lateMs };
}

/** Five tasks on a pool of 2; the third one throws. */
async function errors(
  runInPool: RunInPool,
  run: string,
): Promise<Verdict | null> {
  const inputs: CheckInput[] = Array.from({ length: 5 }, (_, id) => ({
    id,
    run,
    cpuMs: 20,
    ...(id === 2 ? { fail: true } : {}),
  }));
  const outcome = await within(
    runInPool(TASK, inputs, { size: 2 }),
    DEADLINE_MS,
  );
  if (outcome.state === "pending") {
    return fail(
      `runInPool did not settle within ${formatMs(DEADLINE_MS)} when one task threw`,
      HINT.errors,
    );
  }
  if (outcome.state === "rejected") {
    return fail(
      `runInPool rejected the whole call because task 2 threw (${describe(outcome.error)}); the other four results were lost`,
      HINT.errors,
    );
  }
  const results = outcome.value as PromiseSettledResult<unknown>[];
  const third = Array.isArray(results) ? results[2] : undefined;
  // Another task's result in place 2 is an order mistake, not a swallowed
  // error: the results came back in the order the tasks finished.
  if (
    third?.status === "fulfilled" &&
    isOutput(third.value) &&
    third.value.id !== 2
  ) {
    return fail(
      `when task 2 threw, result 2 held the result of input ${third.value.id}: runInPool returned the results in completion order, not in the order of the inputs`,
      HINT.order,
    );
  }
  if (third?.status !== "rejected") {
    return fail(
      `result 2 is ${shown(third)} though its task threw "task 2 failed on purpose": the error was swallowed`,
      HINT.errors,
    );
  }
  if (!describe(third.reason).includes("task 2 failed on purpose")) {
    return fail(
      `result 2 was rejected with ${describe(third.reason)}, not with the error its task threw`,
      HINT.errors,
    );
  }
  const rest = [...results];
  rest[2] = {
    status: "fulfilled",
    value: { id: 2, threadId: -1, start: 0, end: 0, cpuMs: 0 },
  };
  const outputs = outputsOf(rest, inputs.length);
  if (!Array.isArray(outputs)) {
    return fail(`when task 2 threw, ${outputs.observed}`, outputs.hint);
  }
  return null;
}

// How long task 0 of the order probe waits for the other three.
const NEXT_WAIT_MS = 2000;

/** Task 0 waits until tasks 1, 2 and 3 are done, so it finishes last; and
 * only a pool whose free worker takes the next input gets them done while
 * task 0 holds the other worker. */
async function order(
  runInPool: RunInPool,
  run: string,
): Promise<Verdict | null> {
  const done = shared();
  const inputs: CheckInput[] = [
    {
      id: 0,
      run,
      cpuMs: 10,
      waitFor: done,
      waitForCount: 3,
      waitMs: NEXT_WAIT_MS,
    },
    { id: 1, run, cpuMs: 10, release: done },
    { id: 2, run, cpuMs: 10, release: done },
    { id: 3, run, cpuMs: 10, release: done },
  ];
  const outcome = await within(
    runInPool(TASK, inputs, { size: 2 }),
    DEADLINE_MS,
  );
  if (outcome.state !== "resolved") {
    return fail(
      `runInPool ${outcome.state === "pending" ? "did not settle" : `rejected (${describe((outcome as { error: unknown }).error)})`} for four short tasks on a pool of 2`,
      HINT.parallel,
    );
  }
  const outputs = outputsOf(outcome.value, inputs.length);
  if (!Array.isArray(outputs)) return fail(outputs.observed, outputs.hint);
  const saw = outputs[0]?.sawCount ?? 0;
  if (saw < 3) {
    const why =
      saw === 1
        ? "only task 1 did: tasks 2 and 3 waited until task 0's batch was over, so the pool ran batches instead of giving the free worker the next input"
        : saw === 2
          ? "only two did: one of tasks 2 and 3 was kept for task 0's worker (the inputs were dealt out in fixed shares) instead of going to the free worker"
          : `only ${saw} did: the free worker did not take the next input`;
    return fail(
      `on a pool of 2, task 0 held one worker for ${formatMs(NEXT_WAIT_MS)} waiting for tasks 1, 2 and 3 to finish on the other, and ${why}`,
      HINT.next,
    );
  }
  return null;
}

function isAbortOf(error: unknown, reason: unknown): boolean {
  return (
    error === reason ||
    (error instanceof Error &&
      error.name === "AbortError" &&
      error.cause === reason)
  );
}

/** Four long tasks on a pool of 2, aborted once two have started. */
async function abort(
  runInPool: RunInPool,
  run: string,
): Promise<Verdict | null> {
  const started = shared();
  const heartbeat = shared();
  const stop = shared();
  const inputs: CheckInput[] = Array.from({ length: 4 }, (_, id) => ({
    id,
    run,
    cpuMs: 4000,
    started,
    heartbeat,
    stop,
  }));
  const controller = new AbortController();
  const reason = new Error("the check aborted the pool");
  const work = runInPool(TASK, inputs, { size: 2, signal: controller.signal });
  work.catch(() => {});
  try {
    const deadline = performance.now() + DEADLINE_MS;
    let count = Atomics.load(started, 0);
    while (count < 2 && performance.now() < deadline) {
      const wait = Atomics.waitAsync(started, 0, count, 100);
      if (wait.async) await wait.value;
      count = Atomics.load(started, 0);
    }
    if (count < 2) {
      return fail(
        `runInPool started ${count} of 4 long tasks on a pool of 2 within ${formatMs(DEADLINE_MS)}`,
        HINT.parallel,
      );
    }
    controller.abort(reason);
    const outcome = await within(work, STOP_WITHIN_MS);
    if (outcome.state === "pending") {
      return fail(
        `runInPool was still going ${formatMs(STOP_WITHIN_MS)} after the abort: it does not stop when the signal aborts`,
        HINT.abort,
      );
    }
    if (outcome.state === "resolved") {
      return fail(
        "runInPool resolved after the abort, as if the work were done; it should reject with the signal's reason",
        HINT.abort,
      );
    }
    if (!isAbortOf(outcome.error, reason)) {
      return fail(
        `runInPool rejected after the abort with ${describe(outcome.error)}, not with the signal's reason`,
        HINT.abort,
      );
    }
    // Every running task beats; a terminated worker's task cannot.
    await sleep(300);
    const before = Atomics.load(heartbeat, 0);
    await sleep(500);
    const after = Atomics.load(heartbeat, 0);
    if (after !== before) {
      return fail(
        "tasks were still running half a second after runInPool rejected on abort: its workers were not terminated",
        HINT.terminate,
      );
    }
    return null;
  } finally {
    // Whatever the pool did, the tasks stop burning CPU now.
    Atomics.store(stop, 0, 1);
    controller.abort(reason);
  }
}

export async function check(impl: unknown): Promise<Verdict> {
  const runInPool = (impl as { runInPool?: unknown }).runInPool;
  if (typeof runInPool !== "function") {
    return fail(
      "the module does not export a function runInPool",
      HINT.parallel,
    );
  }
  const pool = runInPool as RunInPool;
  const run = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const channel = new BroadcastChannel(CHANNEL);
  try {
    const seen = await parallel(pool, run, channel);
    if ("passed" in seen) return seen;
    const verdict =
      (await errors(pool, run)) ??
      (await order(pool, run)) ??
      (await abort(pool, run));
    if (verdict) return verdict;
    return {
      passed: true,
      expected: EXPECTED,
      observed: `runInPool ran ${seen.peak} tasks at once on ${seen.threads} worker threads (a pool of 3), the main thread's timer at most ${formatMs(seen.lateMs)} late; it kept the results in order and task 2's error in its own result, and ended its workers after the work and on abort`,
      details: [
        `12 tasks of ${TASK_CPU_MS} ms of CPU each took ${formatMs(seen.wallMs)} of wall time and ${formatMs(seen.cpuMs)} of CPU time: ${(seen.cpuMs / seen.wallMs).toFixed(1)} cores' worth on this machine`,
      ],
    };
  } finally {
    // Workers a pool left behind, from this check or one before, end now.
    channel.postMessage("exit");
    channel.close();
  }
}
