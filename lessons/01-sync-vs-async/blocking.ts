// What "blocking" means in Node: a call that keeps the one JavaScript thread
// busy until the answer is in, so nothing else in this process can run.
import { execFileSync } from "node:child_process";

// A child Node process does the actual request and prints the body. Node has
// no synchronous HTTP client, so waiting on a child is the honest way to get
// the blocking `requests.get` of Python.
const CHILD_SCRIPT = `
const response = await fetch(process.argv[1]);
const body = await response.text();
if (!response.ok) {
  process.stderr.write(response.status + ": " + body);
  process.exit(1);
}
process.stdout.write(body);
`;

/** Options for the blocking fetch. */
export interface BlockingOptions {
  /** Kill the child after this many milliseconds (default 10 s). */
  timeoutMs?: number;
}

// #region blocking
/** GET `path` and return the body, blocking this thread until it arrives. */
export function fetchBlocking(
  baseUrl: string,
  path: string,
  options: BlockingOptions = {},
): string {
  const url = new URL(path, baseUrl).href;
  // `execFileSync` does not return until the child has exited: no timer,
  // no other request and no Ctrl-C handler of ours can run meanwhile. That
  // is also why there is no `signal` option: nothing could notice it.
  try {
    return execFileSync(
      process.execPath,
      ["--input-type=module", "-e", CHILD_SCRIPT, url],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: options.timeoutMs ?? 10_000,
      },
    );
  } catch (error) {
    // The child's stderr says what the server answered; a timeout has none.
    const { stderr, code } = error as { stderr?: string; code?: string };
    const reason = stderr?.trim() || code || String(error);
    throw new Error(`GET ${path} failed: ${reason}`, { cause: error });
  }
}
// #endregion
