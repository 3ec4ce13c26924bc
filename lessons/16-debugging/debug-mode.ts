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
      report(`slow: the event loop was blocked for ${formatMs(blockedMs)} in`);
      for (const frame of stack) report(`    at ${formatFrame(frame)}`);
    },
  });
  const origins = trackPromiseOrigins();
  process.on("unhandledRejection", (reason, promise) => {
    report(`unhandled rejection: ${(reason as Error).stack ?? reason}`);
    report(`the promise was made:\n${origins.originOf(promise) ?? "?"}`);
    // Then end as Node does without a listener, with code 1, once the
    // watchdog has let go of the inspector.
    void watchdog.stop().finally(() => process.exit(1));
  });
  return watchdog;
}
// #endregion
