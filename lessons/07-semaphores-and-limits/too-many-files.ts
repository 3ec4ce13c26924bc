// Run `requestAll` in a child Node process whose open-file limit is lowered,
// so that "too many open files" happens for real, and read its report.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { OpenFilesReport } from "./open-files.ts";

const CHILD = new URL("./open-files-child.ts", import.meta.url).pathname;
// A thousand requests on loopback settle in a second or two; this is only a
// backstop so that a stuck child cannot hang the caller.
const CHILD_TIMEOUT_MS = 30_000;

export interface FileLimitRun {
  /** The child's open-file limit, as `ulimit -n` sets it. */
  fileLimit: number;
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
  // `sh` lowers its own limit, then `exec` replaces it with Node, which
  // inherits the limit: "$0" is the Node binary, "$@" its arguments.
  const script = `ulimit -n ${run.fileLimit} && exec "$0" "$@"`;
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
  return JSON.parse(stdout) as OpenFilesReport;
}
// #endregion

/** This process's own open-file limit, as the shell reports it. */
export async function ownFileLimit(): Promise<number> {
  const { stdout } = await promisify(execFile)("sh", ["-c", "ulimit -n"]);
  const text = stdout.trim();
  return text === "unlimited" ? Number.POSITIVE_INFINITY : Number(text);
}
