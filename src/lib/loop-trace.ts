// Records a real run of a small program as a list of loop events: the
// program runs in a child Node process under src/trace/run.ts, which writes
// a raw trace of `async_hooks` and `diagnostics_channel` events; here that
// becomes callbacks with the phase or queue each ran from, the queues'
// comings and goings, socket I/O and the program's own log lines.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  LoopEvent,
  LoopTrace,
  RawEvent,
  RawTrace,
  RunSource,
  TaskKind,
  TraceTask,
} from "./loop-trace-types.ts";
import type { RunContext } from "./lesson-types.ts";
import { runCommand } from "./run-command.ts";

export type * from "./loop-trace-types.ts";

const KINDS: Record<string, TaskKind> = {
  Timeout: "timeout",
  Immediate: "immediate",
  TickObject: "nextTick",
  PROMISE: "promise",
  Microtask: "microtask",
  TCPCONNECTWRAP: "connect",
  TCPWRAP: "socket",
  FSREQCALLBACK: "fs",
  GETADDRINFOREQWRAP: "dns",
};

const LABELS: Partial<Record<TaskKind, string>> = {
  immediate: "setImmediate",
  nextTick: "process.nextTick",
  promise: "promise reaction",
  microtask: "queueMicrotask",
  fs: "fs callback",
  dns: "DNS lookup",
};

/** The phase or queue a callback that nothing else called came from. */
function sourceOf(kind: TaskKind, closing: boolean): RunSource {
  if (kind === "timeout") return "timers";
  if (kind === "immediate") return "check";
  if (kind === "nextTick") return "nextTick";
  if (kind === "promise" || kind === "microtask") return "microtask";
  return closing ? "close" : "poll";
}

type InitEvent = Extract<RawEvent, { e: "init" }>;

/** Which callbacks (by the index of their `before`) ran or contained
 * something worth showing: the program's own, I/O, or any callback in
 * which the program's code, a log line, a socket or request event ran. */
function callbacksToKeep(
  events: RawEvent[],
  inits: Map<number, InitEvent>,
): Set<number> {
  const keep = new Set<number>();
  const open: { id: number; index: number }[] = [];
  const markOpen = () => open.forEach((frame) => keep.add(frame.index));
  events.forEach((event, index) => {
    if (event.e === "before") {
      open.push({ id: event.id, index });
      const init = inits.get(event.id);
      if (init && !init.internal) keep.add(index);
    } else if (event.e === "after") {
      const at = open.findLastIndex((frame) => frame.id === event.id);
      if (at >= 0) {
        const frame = open[at];
        open.splice(at);
        if (frame && keep.has(frame.index)) markOpen();
      }
    } else if (event.e === "init") {
      if (!event.internal) markOpen();
    } else if (event.e !== "resolve" && event.e !== "destroy") {
      markOpen();
    }
  });
  return keep;
}

/** Turns what the tracer recorded into the events of a `LoopTrace`. */
export function buildTrace(
  raw: RawTrace,
  about: { program: string; args: string[]; output: string[] },
): LoopTrace {
  const { events } = raw;
  const inits = new Map<number, InitEvent>();
  for (const event of events)
    if (event.e === "init") inits.set(event.id, event);
  const keep = callbacksToKeep(events, inits);
  const ran = new Set<number>();
  events.forEach((event, index) => {
    if (event.e === "before" && keep.has(index)) ran.add(event.id);
  });

  // A promise reaction is queued when its promise's parent settles, which
  // may be long after `then` or `await` created it.
  const queuedAt = new Map<number, number>();
  const resolvedAt = new Map<number, number>();
  events.forEach((event, index) => {
    if (event.e === "resolve" && !resolvedAt.has(event.id)) {
      resolvedAt.set(event.id, index);
    }
  });
  for (const [id, init] of inits) {
    const at = events.indexOf(init);
    const parent = inits.get(init.trigger);
    const settled = resolvedAt.get(init.trigger);
    const later =
      init.type === "PROMISE" &&
      parent?.type === "PROMISE" &&
      settled !== undefined &&
      settled > at;
    queuedAt.set(id, later ? settled : at);
  }

  // Tasks: the program's own, I/O, and internal ones that ran something
  // worth showing. Promises that never ran a reaction are not tasks.
  const tasks: TraceTask[] = [];
  const taskOf = new Map<number, number>();
  const sockets = new Map<number, number>();
  const socketOf = (handle: number): number => {
    let n = sockets.get(handle);
    if (n === undefined) {
      n = sockets.size + 1;
      sockets.set(handle, n);
    }
    return n;
  };
  const shown = (init: InitEvent): boolean => {
    const kind = KINDS[init.type] ?? "other";
    if (kind === "promise" || init.internal) return ran.has(init.id);
    return kind !== "other" || ran.has(init.id);
  };
  for (const init of inits.values()) {
    if (!shown(init)) continue;
    const kind = KINDS[init.type] ?? "other";
    const label =
      kind === "socket"
        ? `socket ${socketOf(init.id)}`
        : init.detail || (LABELS[kind] ?? init.type);
    tasks.push({
      id: tasks.length + 1,
      kind,
      type: init.type,
      label,
      site: init.site,
      internal: init.internal,
    });
    taskOf.set(init.id, tasks.length);
  }

  const out: LoopEvent[] = [];
  const queueAtIndex = new Map<number, number[]>();
  for (const [id, index] of queuedAt) {
    if (!taskOf.has(id)) continue;
    const list = queueAtIndex.get(index) ?? [];
    list.push(id);
    queueAtIndex.set(index, list);
  }
  const stack: number[] = [];
  const cancelled = new Set<number>();
  const sourceOfTask = new Map<number, RunSource>();
  events.forEach((event, index) => {
    const at = event.at;
    switch (event.e) {
      case "main":
        out.push({ kind: "main", action: event.action, at });
        if (event.action === "start") stack.push(0);
        else stack.pop();
        break;
      case "before": {
        const task = taskOf.get(event.id);
        if (!keep.has(index) || task === undefined) {
          stack.push(-1);
          break;
        }
        const kind = KINDS[inits.get(event.id)?.type ?? ""] ?? "other";
        const depth = stack.filter((frame) => frame >= 0).length;
        const outer = stack.findLast((frame) => frame >= 0);
        const source =
          outer === undefined
            ? sourceOf(kind, event.closing === true)
            : outer === 0
              ? "main"
              : (sourceOfTask.get(outer) ?? "poll");
        out.push({ kind: "run", task, source, depth, at });
        sourceOfTask.set(task, source);
        stack.push(task);
        if (kind === "socket") {
          const socket = socketOf(event.id);
          if (event.closing) out.push({ kind: "close", socket, at });
          else if (event.bytes !== undefined && event.bytes > 0) {
            out.push({
              kind: "io",
              action: "read",
              socket,
              bytes: event.bytes,
              at,
            });
          } else out.push({ kind: "io", action: "end", socket, at });
        }
        if (kind === "connect") {
          const socket = socketOf(inits.get(event.id)?.trigger ?? 0);
          out.push({ kind: "io", action: "connected", socket, at });
        }
        break;
      }
      case "after": {
        const task = stack.pop();
        if (task !== undefined && task > 0) {
          out.push({ kind: "return", task, at });
        }
        break;
      }
      case "init": {
        const task = taskOf.get(event.id);
        if (task !== undefined && event.type === "TCPCONNECTWRAP") {
          out.push({
            kind: "io",
            action: "connect",
            socket: socketOf(event.trigger),
            detail: event.detail.replace(/^connect /, ""),
            at,
          });
        }
        break;
      }
      case "destroy": {
        const task = taskOf.get(event.id);
        const kind = KINDS[inits.get(event.id)?.type ?? ""];
        if (
          task !== undefined &&
          (kind === "timeout" || kind === "immediate") &&
          !ran.has(event.id) &&
          !cancelled.has(task)
        ) {
          cancelled.add(task);
          out.push({ kind: "cancel", task, at });
        }
        break;
      }
      case "write":
        out.push({
          kind: "io",
          action: "write",
          socket: socketOf(event.id),
          bytes: event.bytes,
          at,
        });
        break;
      case "log":
        out.push({ kind: "log", text: event.text, at });
        break;
      case "channel": {
        const action =
          event.name.endsWith(":create") || event.name.endsWith(".start")
            ? "start"
            : event.name.endsWith(":headers")
              ? "headers"
              : "done";
        out.push({ kind: "request", action, what: event.detail, at });
        break;
      }
      case "resolve":
        break;
    }
    // Queue events go after the event that queued them.
    for (const id of queueAtIndex.get(index) ?? []) {
      const task = taskOf.get(id);
      if (task !== undefined) out.push({ kind: "queue", task, at });
    }
  });
  return {
    program: about.program,
    args: about.args,
    node: raw.node,
    output: about.output,
    tasks,
    events: out,
  };
}

const RUNNER = fileURLToPath(new URL("../trace/run.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// A program that misbehaves is stopped rather than left to hang.
const KILL_AFTER_MS = 20_000;

export interface TracedRun {
  /** Exit code of the traced program, or null if a signal ended it. */
  code: number | null;
  stderr: string;
  trace: LoopTrace;
}

export interface TraceOptions {
  /** The bundled server's URL: its log's clock is put beside the trace's. */
  serverUrl?: string;
  signal?: AbortSignal;
}

/** The epoch of the server's log (its last reset), in epoch ms. */
async function serverEpoch(url: string, signal?: AbortSignal) {
  const response = await fetch(`${url}/stats?limit=1`, {
    signal: signal ?? null,
  });
  const stats = (await response.json()) as { epoch: number };
  return stats.epoch;
}

/** Runs `main(args)` of the TypeScript module `program` in a child Node
 * process with the tracer on, and returns what it printed and its trace. */
export async function traceProgram(
  program: URL,
  args: string[] = [],
  options: TraceOptions = {},
): Promise<TracedRun> {
  const dir = await mkdtemp(join(tmpdir(), "loop-trace-"));
  try {
    const out = join(dir, "trace.json");
    const file = fileURLToPath(program);
    const limit = AbortSignal.timeout(KILL_AFTER_MS);
    const ran = await runCommand(
      process.execPath,
      [RUNNER, out, file, ...args],
      {
        signal: options.signal
          ? AbortSignal.any([options.signal, limit])
          : limit,
      },
    );
    if (ran === null) throw new Error(`cannot run ${process.execPath}`);
    const { code, stdout, stderr } = ran;
    const raw = await readFile(out, "utf8").catch(() => {
      throw new Error(
        `the traced program ${file} left no trace (exit ${code}): ${stderr}`,
      );
    });
    const output = stdout.split("\n");
    if (output.at(-1) === "") output.pop();
    const trace = buildTrace(JSON.parse(raw) as RawTrace, {
      program: relative(ROOT, file),
      args,
      output,
    });
    if (options.serverUrl !== undefined) {
      const epoch = await serverEpoch(options.serverUrl, options.signal);
      const startedAt = (JSON.parse(raw) as RawTrace).startedAt;
      trace.serverOffsetMs = startedAt - epoch;
    }
    return { code, stderr, trace };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * For a lesson run: traces `program` against the run's server, prints what
 * it printed (each line after `indent`) and keeps the trace with the
 * recording. A program that fails fails the run, with its stderr.
 */
export async function traceForRun(
  ctx: RunContext,
  program: URL,
  args: string[],
  indent = "",
): Promise<LoopTrace> {
  const { code, stderr, trace } = await traceProgram(program, args, {
    serverUrl: ctx.serverUrl,
    signal: ctx.signal,
  });
  if (code !== 0) {
    throw new Error(`${trace.program} exited with code ${code}: ${stderr}`);
  }
  for (const line of trace.output) ctx.print(`${indent}${line}`);
  ctx.trace?.(trace);
  return trace;
}
