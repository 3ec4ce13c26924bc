// A `throw` inside a socket callback: no `try` of ours is on the stack when
// it runs, so the error goes to Node itself as an `uncaughtException`, and
// the process ends. `uncaught-child.ts` runs this in a process of its own.
import { spawn } from "node:child_process";
import { httpGet } from "./http-get.ts";

// #region throw-in-callback
/** A `try` around `httpGet`, and a `throw` inside its callback. */
export function throwInCallback(
  url: string,
  log: (line: string) => void,
): void {
  try {
    httpGet(url, {}, (err, response) => {
      // This runs from a socket event, long after the `try` below ended.
      const what = response ? `a ${response.status}` : err?.message;
      throw new Error(`cannot use ${what}`);
    });
    log("httpGet returned; the try block is over");
  } catch (error) {
    log(`caught: ${(error as Error).message}`);
  }
}
// #endregion

export interface ChildOutcome {
  /** The exit code, or null if a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `uncaught-child.ts` against `url` in a Node process of its own. */
export function runUncaughtChild(
  url: string,
  callback: (err: Error | null, outcome?: ChildOutcome) => void,
): void {
  const child = spawn(
    process.execPath,
    [new URL("./uncaught-child.ts", import.meta.url).pathname, url],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text) => (stderr += text));
  child.on("error", (err) => callback(err));
  // 'close' comes after the process has exited and its pipes are drained.
  child.on("close", (code) => callback(null, { code, stdout, stderr }));
}
