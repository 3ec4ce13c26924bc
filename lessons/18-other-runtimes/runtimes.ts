// Runs one style of the two requests (/bar and /foo) as a program of its own
// runtime, Python or Java, against the bundled server, and reads the one
// JSON line it prints. A runtime or library that is not installed is no
// error: the answer then says what is missing, and the caller skips.
import { existsSync } from "node:fs";
import { runPythonJson } from "../../src/lib/python.ts";

export interface StyleResult {
  paths: string[];
  bodies: string[];
  /** How long both took, as the program itself measured it. */
  ms: number;
}

export type StyleOutcome =
  { ran: true; result: StyleResult } | { ran: false; missing: string };

export interface Style {
  name: string;
  /** The runtime and library, as the page names them. */
  label: string;
  /** The program, relative to this folder. */
  file: string;
  runtime: "python" | "java";
  args?: string[];
}

// #region styles
export const STYLES: Style[] = [
  {
    name: "python-blocking",
    label: "Python, blocking urllib (gevent not patched in)",
    file: "python/gevent_patched.py",
    runtime: "python",
    args: ["--no-patch"],
  },
  {
    name: "asyncio-streams",
    label: "Python asyncio, raw streams",
    file: "python/asyncio_streams.py",
    runtime: "python",
  },
  {
    name: "aiohttp",
    label: "Python asyncio with aiohttp",
    file: "python/aiohttp_gather.py",
    runtime: "python",
  },
  {
    name: "twisted",
    label: "Python Twisted, Deferreds and inlineCallbacks",
    file: "python/twisted_deferreds.py",
    runtime: "python",
  },
  {
    name: "gevent",
    label: "Python gevent, monkey-patched blocking code",
    file: "python/gevent_patched.py",
    runtime: "python",
  },
  {
    name: "java-nio",
    label: "Java NIO, a Selector reactor",
    file: "java/NioReactor.java",
    runtime: "java",
  },
  {
    name: "java-futures",
    label: "Java CompletableFuture with HttpClient.sendAsync",
    file: "java/CompletableFutures.java",
    runtime: "java",
  },
];
// #endregion

/**
 * Debian's interpreter, which has python3-aiohttp, python3-twisted and
 * python3-gevent; `python3` on the PATH may be another one without them.
 */
export function pythonCommand(): string {
  return (
    process.env["LESSON_PYTHON"] ??
    (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
  );
}

/** Run `style` against the server at `baseUrl` and read what it printed. */
export async function runStyle(
  style: Style,
  baseUrl: string,
  signal?: AbortSignal,
): Promise<StyleOutcome> {
  const file = new URL(style.file, import.meta.url).pathname;
  const command = style.runtime === "python" ? pythonCommand() : "java";
  // `runPythonJson` runs any interpreter given a file: `java` runs a single
  // source file directly, as `python3` runs a script.
  const printed = await runPythonJson<StyleResult | { missing: string }>(
    file,
    [baseUrl, ...(style.args ?? [])],
    { python: command, ...(signal && { signal }) },
  );
  if (printed === null) {
    return { ran: false, missing: `${command} is not installed` };
  }
  if ("missing" in printed) {
    return {
      ran: false,
      missing: `${command} has no module ${printed.missing}`,
    };
  }
  return { ran: true, result: printed };
}
