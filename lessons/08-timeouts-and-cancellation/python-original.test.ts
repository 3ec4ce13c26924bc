import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./timeouts.py", import.meta.url).pathname;
const missing = await pythonMissing(["asyncio", "aiohttp"]);
const ctx = useServer();

/** The milliseconds of a "settled after" line. */
function settledMs(line: string | undefined): number {
  const [, value = "NaN", unit] =
    /after ([\d.]+) (ms|s)$/.exec(line ?? "") ?? [];
  return Number(value) * (unit === "s" ? 1000 : 1);
}

describe.skipIf(missing !== null)(
  missing === null
    ? "timeouts.py, the asyncio original"
    : `timeouts.py (skipped: ${missing})`,
  () => {
    it("meets one deadline, times out and cancels the others, and the server sees each connection closed", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      const outcomes = lines.filter((l) => l.startsWith("  -> "));
      expect(outcomes).toEqual([
        "  -> waited 100 ms",
        "  -> timeout: TimeoutError",
        "  -> cancelled: CancelledError",
        "  -> timeout: TimeoutError",
        "  -> timeout: ServerTimeoutError",
      ]);
      const settled = lines.filter((l) => l.includes("settled after"));
      // The timeout fired at its deadline, not when the server answered
      // (1 s); the cancel came at 150 ms, before the deadline.
      const timedOut = settledMs(settled[1]);
      const cancelled = settledMs(settled[2]);
      expect(timedOut, `timed out after ${timedOut} ms`).toBeGreaterThan(290);
      expect(timedOut, `timed out after ${timedOut} ms`).toBeLessThan(900);
      expect(cancelled, `cancelled after ${cancelled} ms`).toBeGreaterThan(140);
      expect(cancelled, `cancelled after ${cancelled} ms`).toBeLessThan(
        timedOut,
      );

      // The server saw every request but the first and the reset cut off:
      // the timeouts and the cancel closed their connections.
      const log = ctx.server.stats().requests;
      expect(log.map((r) => [r.path, r.outcome])).toEqual([
        ["/delay/100", "ok"],
        ["/delay/1000", "aborted"],
        ["/delay/1000", "aborted"],
        ["/fault/hang", "aborted"],
        ["/drip?chunks=3&interval=600&size=1", "aborted"],
        ["/fault/reset", "reset"],
      ]);
      // async with closed the session though the block raised.
      expect(lines.at(-1)).toBe(
        "  and the session was closed on the way out: True",
      );
    });
  },
);
