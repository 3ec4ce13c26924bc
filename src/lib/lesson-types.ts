// The contract between a lesson's entry module (`lessons/NN-slug/main.ts`), the
// lesson runner (`npm run lesson`), the output recorder and the lesson pages.
import type { RequestRecord } from "../server/types.ts";
import type { LoopTrace } from "./loop-trace-types.ts";

export interface RunContext {
  /** Base URL of the bundled HTTP server, no trailing slash. */
  serverUrl: string;
  /** Host and port of the bundled TCP echo server. */
  echo: { host: string; port: number };
  /** Print one line of output. Use this, not console.log: it is what gets recorded. */
  print: (line: string) => void;
  /** Aborted when the learner presses Ctrl-C or the runner gives up. */
  signal: AbortSignal;
  /** Extra command-line arguments after the lesson name. */
  args: string[];
  /**
   * Keep a measured series (memory over time, queue depth) with the
   * recording, for `<Chart run="...">` on the page. Optional: only the
   * recorder and the runner provide it.
   */
  plot?: (series: Series) => void;
  /**
   * Keep a loop trace (`traceProgram` in src/lib/loop-trace.ts) with the
   * recording, for `<LoopView run="...">` on the page. Optional, as `plot`.
   */
  trace?: (trace: LoopTrace) => void;
}

/** A measured quantity over time, kept with a recording and drawn as a line. */
export interface Series {
  /** Legend text, e.g. "ignoring backpressure". */
  name: string;
  /** Unit of the values, e.g. "MiB". */
  unit: string;
  /** [milliseconds since the run started, value] pairs, in time order. */
  points: [number, number][];
}

/** One named, runnable demonstration inside a lesson. */
export interface LessonRun {
  /** Short id used by `<Output run="...">`, `<Timeline run="...">` and the CLI. */
  name: string;
  /** One line shown above its output in the terminal. */
  title: string;
  run: (ctx: RunContext) => Promise<void>;
  /** Draw the server's request log as a timeline after this run (default true). */
  timeline?: boolean;
  /**
   * Why this run's counts depend on the machine, if they do (say, how many
   * descriptors Node inherits). The page says so under its output, and the
   * drift check then compares its output with every number masked.
   */
  variesByMachine?: string;
}

/** What `npm run record` stores in `lessons/NN-slug/recorded/<run>.json`. */
export interface RecordedRun {
  lesson: string;
  run: string;
  title: string;
  /** The printed lines, exactly as printed. */
  output: string[];
  /** The server's request log for this run (times relative to the run's start). */
  requests: RequestRecord[];
  /** Wall time of the whole run in milliseconds. */
  wallMs: number;
  /** `process.version` of the Node that ran it. */
  node: string;
  /** ISO date of the recording. */
  recordedAt: string;
  /** Copied from the run: why its counts depend on the machine. */
  variesByMachine?: string | undefined;
  /** Series the run measured with `ctx.plot`, if any. */
  series?: Series[] | undefined;
  /** Loop traces the run kept with `ctx.trace`, if any. */
  traces?: LoopTrace[] | undefined;
}

/** What an exercise check returns: a verdict explained in words. */
export interface Verdict {
  passed: boolean;
  /** What a correct solution does, in one sentence. */
  expected: string;
  /** What this code did, in one sentence with the measured figures. */
  observed: string;
  /** Further lines of explanation (optional). */
  details?: string[];
  /** The server's request log during the check, for the timeline. */
  requests?: RequestRecord[];
  /**
   * The hint (1-based, in hints.md) that answers the mistake this check saw;
   * `npm run verify` shows it instead of the next one in turn.
   */
  hint?: number;
}
