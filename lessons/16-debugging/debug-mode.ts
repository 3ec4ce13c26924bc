// A debug mode for Node in the spirit of asyncio's: a slow-callback
// detector (the watchdog) and an unhandled rejection that says where its
// promise was made. asyncio's third report, a coroutine never awaited, has
// no run-time twin in Node, where a promise runs whether awaited or not:
// `no-floating-promises` (floating-lint.ts) finds those before the code
// runs.
import { formatMs } from "../../src/lib/format.ts";
import { trackPromiseOrigins } from "./promise-origins.ts";
import { formatFrame, startWatchdog, type Watchdog } from "./watchdog.ts";

export interface DebugModeOptions {
  /** Like asyncio's `slow_callback_duration` (0.1 s). */
  slowMs?: number;
  /** Where the reports go (stderr by default). */
  report?: (line: string) => void;
}

/** A stack without the frames inside Node's own code: which of them are
 * there (a timer's, the microtask queue's) depends on the moment. */
export function withoutNodeFrames(stack: string): string {
  const inNode = (line: string) => /^\s+at (.*\()?node:/.test(line);
  return stack
    .split("\n")
    .filter((line) => !inNode(line))
    .join("\n");
}

// #region debug-mode
/** Turn the debug mode on; resolves once it watches. */
export async function enableDebugMode(
  options: DebugModeOptions = {},
): Promise<Watchdog> {
  const report =
    options.report ?? ((line) => process.stderr.write(`${line}\n`));
  const watchdog = await startWatchdog({
    thresholdMs: options.slowMs ?? 100,
    onBlock({ blockedMs, stack }) {
      // A block in Node's code alone (a module loaded on first use) is
      // not the program's to fix.
      if (!stack.some((frame) => frame.url.startsWith("file:"))) return;
      report(`slow: the event loop was blocked for ${formatMs(blockedMs)} in`);
      const lines = stack.map((frame) => `    at ${formatFrame(frame)}`);
      report(withoutNodeFrames(lines.join("\n")));
    },
  });
  const origins = trackPromiseOrigins();
  process.on("unhandledRejection", (reason, promise) => {
    const stack = (reason as Error).stack ?? String(reason);
    report(`unhandled rejection: ${withoutNodeFrames(stack)}`);
    const origin = withoutNodeFrames(origins.originOf(promise) ?? "    at ?");
    report(`the promise was made:\n${origin}`);
    // Then end as Node does without a listener, with code 1, once the
    // watchdog has let go of the inspector.
    void watchdog.stop().finally(() => process.exit(1));
  });
  return watchdog;
}
// #endregion
