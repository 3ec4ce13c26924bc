// The runs of lesson 14, for `npm run lesson -- 14` and the recorded output.
import { availableParallelism } from "node:os";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { DUE, whileBusy, WORK, type Where } from "./blocking.ts";
import { askCluster } from "./cluster.ts";
import { messagesDemo } from "./messages.ts";
import { poolCensus } from "./on-the-pool.ts";
import { runPythonOriginal } from "./python-original.ts";
import { JOB, onPiscina, PARTS } from "./speed-up.ts";
import { staircase, steps } from "./staircase.ts";
import { runTicker, type Exit } from "./subprocess.ts";

const yesNo = (value: boolean): string => (value ? "yes" : "no");
const thousands = (n: number): string => n.toLocaleString("en-GB");

async function blocking(ctx: RunContext): Promise<void> {
  ctx.print(
    `counting the primes below ${thousands(WORK.to)}, with timers set to`,
  );
  ctx.print(`send GET /delay/0 at ${DUE.join(", ")} ms from the start:`);
  for (const where of ["main thread", "worker"] satisfies Where[]) {
    const report = await whileBusy(ctx.serverUrl, where, ctx.signal);
    const during = report.sentAt.filter((t) => t < report.workDone).length;
    const label = where === "worker" ? "in a worker" : "on the main thread";
    ctx.print(
      `${label}: ${thousands(report.primes)} primes after ` +
        `${formatMs(report.workDone)}`,
    );
    ctx.print(
      `  requests sent from ${formatMs(Math.min(...report.sentAt))} to ` +
        `${formatMs(Math.max(...report.sentAt))}; while the work went on: ` +
        `${during} of ${report.sentAt.length}`,
    );
  }
}

async function messages(ctx: RunContext): Promise<void> {
  const report = await messagesDemo();
  const MiB = 1024 * 1024;
  ctx.print(
    `a worker (threadId ${report.workerThreadId}) got a copy of [1, 2, 3] ` +
      "and pushed 99 onto it:",
  );
  ctx.print(
    `  ${report.lengthThere} items there, still ${report.lengthHere} here`,
  );
  ctx.print(
    `its reply was handled on threadId ${report.replyHandledOn}: ` +
      "the main thread's event loop",
  );
  ctx.print(
    `an ${report.bytesBefore / MiB} MiB ArrayBuffer, transferred: ` +
      `${report.bytesThere / MiB} MiB there, ${report.bytesAfter} bytes here`,
  );
  ctx.print(
    "a SharedArrayBuffer the worker wrote 42 into: " +
      `${report.sharedValue} here, and no message sent`,
  );
}

const CALLS = 5;
const ITERATIONS = 300_000;
const POOL_SIZES = [1, 2, undefined, 5];

async function stairs(ctx: RunContext): Promise<void> {
  const {
    finished: [alone = 0],
  } = await staircase({
    calls: 1,
    iterations: ITERATIONS,
    signal: ctx.signal,
  });
  ctx.print(
    `one pbkdf2 call (${thousands(ITERATIONS)} iterations of SHA-512) ` +
      `alone: ${formatMs(alone)}`,
  );
  ctx.print(`${CALLS} calls at once; each finished after:`);
  for (const poolSize of POOL_SIZES) {
    const { finished, computingAtFirstFinish } = await staircase({
      poolSize,
      calls: CALLS,
      iterations: ITERATIONS,
      signal: ctx.signal,
    });
    const label =
      poolSize === undefined
        ? "4 threads (the default)"
        : `UV_THREADPOOL_SIZE=${poolSize}`;
    ctx.print(`  ${label.padEnd(24)} ${finished.map(formatMs).join(", ")}`);
    if (computingAtFirstFinish !== undefined) {
      ctx.print(
        `${" ".repeat(27)}computing when the first finished: ` +
          `${computingAtFirstFinish} of ${CALLS}`,
      );
    }
    ctx.plot?.({
      name: poolSize === undefined ? "4 (the default)" : `${poolSize}`,
      unit: "calls finished",
      points: steps(finished),
    });
  }
}

async function onThePool(ctx: RunContext): Promise<void> {
  const census = await poolCensus({
    poolSize: 1,
    holders: 1,
    serverUrl: ctx.serverUrl,
    signal: ctx.signal,
  });
  ctx.print(
    "UV_THREADPOOL_SIZE=1, and its one thread held in open() of a named pipe:",
  );
  ctx.print("did not wait for the thread:");
  for (const name of census.didNotWait) ctx.print(`  ${name}`);
  ctx.print("waited until the thread was free again:");
  for (const name of census.waited) ctx.print(`  ${name}`);
}

async function speedUp(ctx: RunContext): Promise<void> {
  const cores = availableParallelism();
  ctx.print(
    `counting the primes below ${thousands(JOB.to)} in ${PARTS} parts, ` +
      `with piscina, on a machine with ${cores} cores:`,
  );
  const runs = [];
  for (const threads of [1, cores]) {
    const run = await onPiscina(threads, JOB, PARTS, ctx.signal);
    runs.push(run);
    ctx.print(
      `  ${`${threads} thread${threads === 1 ? "" : "s"}`.padEnd(10)} ` +
        `${thousands(run.primes)} primes in ${formatMs(run.ms)}, ` +
        `CPU time ${formatMs(run.cpuMs)} ` +
        `(${(run.cpuMs / run.ms).toFixed(1)} cores busy)`,
    );
    ctx.plot?.({
      name: `${threads} thread${threads === 1 ? "" : "s"}`,
      unit: "parts done",
      points: steps(run.finishes.toSorted((a, b) => a - b)),
    });
  }
  const [one, many] = runs;
  if (one && many) {
    ctx.print(
      `speed-up with ${cores} threads: ${(one.ms / many.ms).toFixed(2)}×`,
    );
  }
}

function ended(exit: Exit): string {
  return exit.signal === null
    ? `exit code ${exit.code}`
    : `killed by ${exit.signal} (exit code ${exit.code})`;
}

async function subprocess(ctx: RunContext): Promise<void> {
  ctx.print("node ticker-child.ts 4 100 0, read line by line as it runs:");
  const first = await runTicker(4, 0);
  for (const line of first.lines) {
    ctx.print(`  ${line.text} (after ${formatMs(line.at)})`);
  }
  ctx.print(`  ${ended(first.exit)}`);
  const failing = await runTicker(2, 3);
  ctx.print(
    `the same with exit code 3: ${failing.lines.length} lines, ` +
      ended(failing.exit),
  );
  const aborted = await runTicker(10, 0, 2);
  ctx.print(
    `10 ticks, aborted after ${aborted.lines.length} lines: ` +
      ended(aborted.exit),
  );
}

async function cluster(ctx: RunContext): Promise<void> {
  const workers = 2;
  const requests = 6;
  const report = await askCluster(workers, requests, ctx.signal);
  ctx.print(`a cluster of ${workers} worker processes on one port;`);
  ctx.print(
    `${requests} requests, one after another, each on a new connection:`,
  );
  const counts = report.pids.map(
    (_, i) => report.answeredBy.filter((by) => by === i).length,
  );
  ctx.print(`  requests each worker answered: ${counts.join(", ")}`);
  const turns = report.answeredBy.every(
    (by, i) => i === 0 || by !== report.answeredBy[i - 1],
  );
  ctx.print(`  no worker answered two in a row: ${yesNo(turns)}`);
}

async function asyncioOriginal(ctx: RunContext): Promise<void> {
  const report = await runPythonOriginal(ctx.serverUrl, 160_000, ctx.signal);
  if (report === null) {
    ctx.print("python3 is not installed here: nothing to compare with");
    return;
  }
  const s = (seconds: number): string => formatMs(seconds * 1000);
  const { one_thread, two_threads, two_processes } = report.cpu_bound;
  ctx.print(`python3, ${report.gil ? "with" : "without"} the GIL:`);
  const together = report.blocking_calls.statuses.every((c) => c === 200);
  ctx.print(
    "3 blocking urllib GETs of /barrier/3 in run_in_executor threads: " +
      `${s(report.blocking_calls.seconds)}`,
  );
  ctx.print(`  all three waited at the server together: ${yesNo(together)}`);
  ctx.print(
    `counting primes below ${thousands(report.primes_below)} in 4 parts ` +
      "(pure Python):",
  );
  ctx.print(`  one thread, no executor: ${s(one_thread.seconds)}`);
  ctx.print(
    `  ThreadPoolExecutor(2):   ${s(two_threads.seconds)}, ` +
      `CPU time of the parts ${s(two_threads.cpu_seconds ?? 0)}`,
  );
  ctx.print(
    `  ProcessPoolExecutor(2):  ${s(two_processes.seconds)}, ` +
      `CPU time of the parts ${s(two_processes.cpu_seconds ?? 0)}`,
  );
  ctx.print(
    "call_soon_threadsafe from a thread: the callback ran on the loop's " +
      `thread: ${yesNo(report.threadsafe.callback_on_loop_thread)}`,
  );
  const { finished, cancelled } = report.subprocess;
  ctx.print(
    `create_subprocess_exec: ${finished.lines.length} lines, returncode ` +
      `${finished.returncode}; cancelled after 2 lines: ` +
      `${cancelled.at(-1) ?? "?"}`,
  );
}

export const runs: LessonRun[] = [
  {
    name: "blocking",
    title: "CPU-bound work on the main thread, then in a worker",
    run: blocking,
  },
  {
    name: "messages",
    title: "Copied, transferred and shared: what a worker gets",
    run: messages,
    timeline: false,
  },
  {
    name: "staircase",
    title: "Five pbkdf2 calls at once, with four sizes of libuv's thread pool",
    run: stairs,
    timeline: false,
  },
  {
    name: "on-the-pool",
    title: "Which calls wait for libuv's thread pool, and which do not",
    run: onThePool,
  },
  {
    name: "speed-up",
    title: "A CPU-bound job on a piscina pool of one thread, then of many",
    run: speedUp,
    timeline: false,
    variesByMachine:
      "the speed-up depends on how many cores the machine has, and on how busy they are",
  },
  {
    name: "subprocess",
    title: "A child process: its lines as they come, its exit code, an abort",
    run: subprocess,
    timeline: false,
  },
  {
    name: "cluster",
    title: "node:cluster: two worker processes share one port",
    run: cluster,
    timeline: false,
  },
  {
    name: "asyncio",
    title:
      "The asyncio original: run_in_executor, the GIL, call_soon_threadsafe",
    run: asyncioOriginal,
  },
];
