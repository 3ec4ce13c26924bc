// Another program as a child process: its output read line by line while it
// runs, its exit code at the end, and killed when the caller aborts.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** How the child ended: an exit code, or the signal that killed it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Program {
  /** The child's standard output, one line at a time, as it comes. */
  lines: AsyncIterable<string>;
  /** Resolves once the child has exited and its output is closed; rejects
   * if it could not be started. */
  exited: Promise<Exit>;
}

// #region spawn
/** Starts `command` with `args`; an abort of `signal` kills it (SIGTERM). */
export function runProgram(
  command: string,
  args: string[],
  signal?: AbortSignal,
): Program {
  const child = spawn(command, args, {
    signal,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<Exit>((resolve, reject) => {
    // An abort is reported as an 'error' too, and then as a 'close' with
    // the signal: we wait for that one.
    child.on("error", (error) => {
      if (error.name !== "AbortError") reject(error);
    });
    child.on("close", (code, killedBy) => resolve({ code, signal: killedBy }));
  });
  // The caller awaits `exited` after the lines; until then, a failure to
  // start must not count as unhandled.
  exited.catch(() => {});
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  return { lines, exited };
}
// #endregion

export const TICKER = new URL("./ticker-child.ts", import.meta.url).pathname;

export interface TickerRun {
  /** Each line, with the time it came in since the start. */
  lines: { text: string; at: number }[];
  exit: Exit;
}

// #region ticker
/** Runs ticker-child.ts; aborts it once `abortAfter` lines are in. */
export async function runTicker(
  count: number,
  exitCode: number,
  abortAfter = Infinity,
): Promise<TickerRun> {
  const controller = new AbortController();
  const start = performance.now();
  const program = runProgram(
    process.execPath,
    [TICKER, `${count}`, "100", `${exitCode}`],
    controller.signal,
  );
  const lines: TickerRun["lines"] = [];
  for await (const text of program.lines) {
    lines.push({ text, at: performance.now() - start });
    if (lines.length === abortAfter) controller.abort();
  }
  return { lines, exit: await program.exited };
}
// #endregion
