// The shapes of a loop trace: what the tracer in the traced process writes
// (raw), and what `buildTrace` makes of it for the recordings and the page.

/** One thing the tracer saw, in the order it happened (raw, per process). */
export type RawEvent =
  | {
      e: "init";
      id: number;
      type: string;
      trigger: number;
      /** `file:line` of the code that created the resource. */
      site: string;
      /** Created by Node's or a library's code, not the program's. */
      internal: boolean;
      detail: string;
      at: number;
    }
  | {
      e: "before";
      id: number;
      at: number;
      /** For a TCP handle: bytes read since its last callback. */
      bytes?: number;
      /** For a TCP handle: its socket is destroyed, this is the close. */
      closing?: boolean;
    }
  | { e: "after" | "resolve" | "destroy"; id: number; at: number }
  | { e: "write"; id: number; bytes: number; at: number }
  | { e: "log"; text: string; at: number }
  | { e: "channel"; name: string; detail: string; at: number }
  | { e: "main"; action: "start" | "end"; at: number };

export interface RawTrace {
  node: string;
  /** Epoch milliseconds of the trace's time 0. */
  startedAt: number;
  events: RawEvent[];
}

/** The phases of one turn of the loop, and the script's first run. */
export type LoopPhase = "main" | "timers" | "poll" | "check" | "close";

/** Where a callback came from: a phase of the loop, or one of the two
 * queues Node drains after every callback. */
export type RunSource = LoopPhase | "nextTick" | "microtask";

export type TaskKind =
  | "timeout"
  | "immediate"
  | "nextTick"
  | "promise"
  | "microtask"
  | "connect"
  | "socket"
  | "fs"
  | "dns"
  | "other";

/** Something that can run a callback later: a timer, an immediate, a
 * queued tick or promise reaction, a socket. */
export interface TraceTask {
  /** Its number in this trace, from 1. */
  id: number;
  kind: TaskKind;
  /** The `async_hooks` resource type, e.g. "Timeout", "PROMISE". */
  type: string;
  /** What it is, e.g. "setTimeout 0 ms", "socket 1". */
  label: string;
  /** `file:line` of the code that created it ("" if unknown). */
  site: string;
  /** Created by Node's or a library's code rather than the program's. */
  internal: boolean;
}

export type IoAction = "connect" | "connected" | "read" | "write" | "end";

/** One event of a trace, in the order Node ran it. Times are milliseconds
 * since the trace began. */
export type LoopEvent =
  | { kind: "main"; action: "start" | "end"; at: number }
  /** A task was scheduled: a timer set, a tick or reaction queued. */
  | { kind: "queue"; task: number; at: number }
  /** A task's callback began; `depth` > 0 when called from another one. */
  | {
      kind: "run";
      task: number;
      source: RunSource;
      depth: number;
      at: number;
    }
  | { kind: "return"; task: number; at: number }
  /** A task went away without running (a cleared timer, say). */
  | { kind: "cancel"; task: number; at: number }
  /** A socket closed (its close callback ran). */
  | { kind: "close"; socket: number; at: number }
  | { kind: "log"; text: string; at: number }
  | {
      kind: "io";
      action: IoAction;
      /** The socket's number in this trace, from 1. */
      socket: number;
      bytes?: number;
      detail?: string;
      at: number;
    }
  /** An HTTP request as `fetch` or `node:http` reported it. */
  | {
      kind: "request";
      action: "start" | "headers" | "done";
      what: string;
      at: number;
    };

export interface LoopTrace {
  /** The traced program, relative to the repository. */
  program: string;
  args: string[];
  node: string;
  /** What the program printed, line by line. */
  output: string[];
  tasks: TraceTask[];
  events: LoopEvent[];
  /** Add this to a trace time to get the server log's time, if known. */
  serverOffsetMs?: number | undefined;
}
