// Run `requestAll` in a child Node process whose open-file limit is lowered,
// so that "too many open files" happens for real, and read its report.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { reportFromJson, type OpenFilesReport } from "./open-files.ts";

const CHILD = new URL("./open-files-child.ts", import.meta.url).pathname;
// A thousand requests on loopback settle in a second or two; this is only a
// backstop so that a stuck child cannot hang the caller.
const CHILD_TIMEOUT_MS = 30_000;
/** Where the child finds the hard limit its shell gave it, without `/proc`. */
export const SHELL_HARD_LIMIT = "LESSON_SHELL_HARD_LIMIT";

export interface FileLimitRun {
  /** The child's open-file limit, as `ulimit` sets it in its shell. */
  fileLimit: number;
  /**
   * Lower only the soft limit (`ulimit -Sn`). Node raises its soft limit to
   * the hard one as it starts, so this changes nothing for the child.
   */
  softOnly?: boolean;
  /** How many GETs of `url` to start. */
  count: number;
  url: URL;
  /** Run them through a semaphore of this many permits. */
  limit?: number;
  signal?: AbortSignal;
}

// #region file-limit
/** Start the child under `ulimit -n fileLimit` and return what it saw. */
export async function runUnderFileLimit(
  run: FileLimitRun,
): Promise<OpenFilesReport> {
  // `ulimit -n` lowers both the soft and the hard limit, and it has to:
  // Node raises its soft limit to the hard one when it starts. `exec` then
  // replaces `sh` with Node, which inherits both: "$0" is the Node binary,
  // "$@" its arguments.
  const which = run.softOnly ? "-Sn" : "-n";
  const script =
    `ulimit ${which} ${run.fileLimit} && ` +
    `export ${SHELL_HARD_LIMIT}="$(ulimit -Hn)" && exec "$0" "$@"`;
  const args = [
    CHILD,
    run.url.href,
    String(run.count),
    String(run.limit ?? ""),
  ];
  // Node would try to read the extra CA certificates file named in the
  // environment when it is out of descriptors, and warn: plain HTTP to
  // loopback needs none.
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  const { stdout } = await promisify(execFile)(
    "sh",
    ["-c", script, process.execPath, ...args],
    {
      env,
      timeout: CHILD_TIMEOUT_MS,
      ...(run.signal && { signal: run.signal }),
    },
  );
  return reportFromJson(stdout);
}
// #endregion
