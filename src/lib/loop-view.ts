// What the step-through loop view shows at each step of a recorded trace:
// the phase the loop is in, the queue being drained, the callbacks waiting
// in each queue, the sockets and other I/O in flight, the log so far and
// where the server's requests stood at that moment. All of it is worked
// out here, at build time; the page's script only shows step N.
import type {
  LoopEvent,
  LoopPhase,
  LoopTrace,
  RunSource,
  TraceTask,
} from "./loop-trace-types.ts";
import type { RequestRecord } from "../server/types.ts";
import { formatMs } from "./format.ts";

export const PHASES: { phase: LoopPhase; name: string }[] = [
  { phase: "main", name: "main script" },
  { phase: "timers", name: "timers" },
  { phase: "poll", name: "poll (I/O)" },
  { phase: "check", name: "check (immediates)" },
  { phase: "close", name: "close callbacks" },
];

export interface ServerRequestView {
  label: string;
  /** Where the bar starts and ends, in % of the view's time axis. */
  fromPct: number;
  toPct: number;
  /** "not arrived yet", "in flight" or "answered 200" at this step. */
  state: string;
}

export interface LoopStep {
  /** What happened at this step, in words. */
  text: string;
  /** Milliseconds since the trace began, formatted. */
  time: string;
  phase: LoopPhase | null;
  /** The queue Node is draining at this step, if any. */
  draining: "nextTick" | "microtask" | null;
  /** The callbacks running, outermost first. */
  running: string[];
  timers: string[];
  immediates: string[];
  nextTicks: string[];
  microtasks: string[];
  io: string[];
  /** How many of the program's log lines have been printed. */
  logged: number;
  /** For each server request: its state at this step. */
  requests: string[];
  /** Where this step is on the server timeline's axis, in %. */
  cursorPct: number;
}

export interface LoopView {
  program: string;
  log: string[];
  steps: LoopStep[];
  /** The server's requests, drawn once; `LoopStep.requests` says their state. */
  server: ServerRequestView[];
  /** The length of the time axis. */
  spanMs: number;
}

function where(task: TraceTask): string {
  if (task.site === "") return task.internal ? " (Node's own)" : "";
  return task.internal ? ` (Node's own, ${task.site})` : ` (${task.site})`;
}

/** "setTimeout 1 ms (order.ts:7)" */
export function taskName(task: TraceTask): string {
  return `${task.label}${where(task)}`;
}

const SOURCE_WORDS: Record<RunSource, string> = {
  main: "From the main script",
  timers: "Timers phase",
  poll: "Poll phase",
  check: "Check phase",
  close: "Close phase",
  nextTick: "nextTick queue",
  microtask: "Microtask queue",
};

const QUEUED_WORDS: Record<TraceTask["kind"], string> = {
  timeout: "A timer is set",
  immediate: "An immediate is queued for the check phase",
  nextTick: "A callback joins the nextTick queue",
  promise: "A promise reaction joins the microtask queue",
  microtask: "A callback joins the microtask queue",
  connect: "A connect request is handed to the kernel",
  socket: "A socket is opened",
  fs: "A file-system request goes to the thread pool",
  dns: "A DNS lookup goes to the thread pool",
  other: "Node creates a resource",
};

/** One step's text, in words a learner can follow. */
export function describeEvent(event: LoopEvent, tasks: TraceTask[]): string {
  const task = "task" in event ? tasks[event.task - 1] : undefined;
  const name = task ? taskName(task) : "";
  switch (event.kind) {
    case "main":
      return event.action === "start"
        ? "The program's main function starts."
        : "The main function returns: the loop takes over.";
    case "queue":
      return `${task ? QUEUED_WORDS[task.kind] : "Queued"}: ${name}.`;
    case "run": {
      const what =
        task?.kind === "socket"
          ? `the callback of ${name}: something came in`
          : task?.kind === "connect"
            ? `the callback of ${name}: the connection is made`
            : name;
      return event.depth > 0
        ? `Called from the running callback: ${what}.`
        : `${SOURCE_WORDS[event.source]}: runs ${what}.`;
    }
    case "return":
      return `${name} returns.`;
    case "cancel":
      return `${name} is cleared before it ran.`;
    case "close":
      return `Socket ${event.socket} is closed; its close callback ran.`;
    case "log":
      return `Prints "${event.text}".`;
    case "io":
      return ioWords(event);
    case "request":
      if (event.action === "start") return `fetch starts ${event.what}.`;
      if (event.action === "headers") {
        return `${event.what}: status and headers are in.`;
      }
      return `${event.what}: the whole response is in.`;
  }
}

function ioWords(event: Extract<LoopEvent, { kind: "io" }>): string {
  const socket = `Socket ${event.socket}`;
  switch (event.action) {
    case "connect":
      return `${socket} starts connecting to ${event.detail}.`;
    case "connected":
      return `${socket} is connected.`;
    case "write":
      return `${socket}: ${event.bytes} bytes written (sent to the kernel).`;
    case "read":
      return `${socket}: ${event.bytes} bytes read.`;
    case "end":
      return `${socket}: the other end has finished sending.`;
  }
}

function remove(list: string[], item: string): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** The requests' bars on the axis, and each one's state at time `t`. */
function requestState(r: RequestRecord, serverMs: number): string {
  if (serverMs < r.arrivedAt) return "not arrived yet";
  if (r.finishedAt !== null && serverMs >= r.finishedAt) {
    return `answered ${r.status}`;
  }
  return "in flight on the server";
}

function pct(ms: number, spanMs: number): number {
  return Math.round((Math.max(0, ms) / spanMs) * 1000) / 10;
}

/**
 * Every step of `trace`, with what each panel shows then. `requests` is
 * the server's log of the same run; `trace.serverOffsetMs` puts the two
 * on one clock.
 */
export function loopView(
  trace: LoopTrace,
  requests: RequestRecord[] = [],
): LoopView {
  const offset = trace.serverOffsetMs ?? 0;
  const ends = requests.map((r) => (r.finishedAt ?? r.arrivedAt) - offset);
  const last = trace.events.at(-1)?.at ?? 0;
  const spanMs = Math.max(1, last, ...ends);
  const server: ServerRequestView[] = requests.map((r) => ({
    label: `${r.method} ${r.path}`,
    fromPct: pct(r.arrivedAt - offset, spanMs),
    toPct: pct((r.finishedAt ?? spanMs + offset) - offset, spanMs),
    state: "",
  }));

  const names = trace.tasks.map(taskName);
  const timers: string[] = [];
  const immediates: string[] = [];
  const nextTicks: string[] = [];
  const microtasks: string[] = [];
  const pending: string[] = [];
  const sockets = new Map<number, string>();
  const running: string[] = [];
  let phase: LoopPhase | null = null;
  let draining: LoopStep["draining"] = null;
  let logged = 0;
  const queueOf = (kind: TraceTask["kind"]): string[] => {
    if (kind === "timeout") return timers;
    if (kind === "immediate") return immediates;
    if (kind === "nextTick") return nextTicks;
    if (kind === "promise" || kind === "microtask") return microtasks;
    return pending;
  };

  const steps = trace.events.map((event): LoopStep => {
    const task = "task" in event ? trace.tasks[event.task - 1] : undefined;
    const name = "task" in event ? (names[event.task - 1] ?? "") : "";
    switch (event.kind) {
      case "main":
        if (event.action === "start") {
          phase = "main";
          running.push("main()");
        } else running.pop();
        break;
      case "queue":
        // A socket is shown by its I/O, not as a queued callback.
        if (task && task.kind !== "socket" && task.kind !== "connect") {
          queueOf(task.kind).push(name);
        }
        break;
      case "run":
        if (task) remove(queueOf(task.kind), name);
        if (event.depth === 0) {
          if (event.source === "nextTick" || event.source === "microtask") {
            draining = event.source;
          } else {
            phase = event.source;
            draining = null;
          }
        }
        running.push(name);
        break;
      case "return":
        running.pop();
        break;
      case "cancel":
        if (task) remove(queueOf(task.kind), name);
        break;
      case "close":
        sockets.delete(event.socket);
        break;
      case "log":
        logged += 1;
        break;
      case "io":
        sockets.set(event.socket, socketState(event));
        break;
      case "request":
        break;
    }
    const serverMs = event.at + offset;
    return {
      text: describeEvent(event, trace.tasks),
      time: formatMs(event.at),
      phase,
      draining,
      running: [...running],
      timers: [...timers],
      immediates: [...immediates],
      nextTicks: [...nextTicks],
      microtasks: [...microtasks],
      io: [
        ...[...sockets].map(([n, state]) => `socket ${n}: ${state}`),
        ...pending,
      ],
      logged,
      requests: requests.map((r) => requestState(r, serverMs)),
      cursorPct: pct(event.at, spanMs),
    };
  });
  return { program: trace.program, log: trace.output, steps, server, spanMs };
}

function socketState(event: Extract<LoopEvent, { kind: "io" }>): string {
  switch (event.action) {
    case "connect":
      return `connecting to ${event.detail}`;
    case "connected":
      return "connected";
    case "write":
      return `sent ${event.bytes} bytes, waiting for an answer`;
    case "read":
      return `read ${event.bytes} bytes`;
    case "end":
      return "the other end has finished";
  }
}
