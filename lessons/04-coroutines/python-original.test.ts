import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./hellos.py", import.meta.url).pathname;
const missing = await pythonMissing();
const ctx = useServer();

/** The seconds of each "Hello World, 1.00 s after the start" line. */
function stamps(lines: string[]): number[] {
  return lines.map((line) => {
    const [, value = "NaN", unit] = /, ([\d.]+) (ms|s) after/.exec(line) ?? [];
    return Number(value) / (unit === "ms" ? 1000 : 1);
  });
}

describe.skipIf(missing !== null)(
  missing === null
    ? "hellos.py, the asyncio original"
    : `hellos.py (skipped: ${missing})`,
  () => {
    it("sleeps one hello after another with time.sleep, and all five at once with asyncio.sleep", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      const hellos = lines.filter((l) => l.includes("Hello World"));
      const blocking = stamps(hellos.slice(0, 5));
      const awaited = stamps(hellos.slice(5));
      blocking.forEach((s, i) => {
        expect(s, `blocking hello ${i + 1} at ${s} s`).toBeGreaterThan(
          i + 0.95,
        );
      });
      // The five awaited sleeps ran down together: all five within the
      // same second, where the blocking ones took five.
      const spread = Math.max(...awaited) - Math.min(...awaited);
      expect(spread, `awaited hellos at ${awaited.join(", ")} s`).toBeLessThan(
        0.2,
      );
      expect(Math.max(...awaited)).toBeLessThan(Math.max(...blocking) - 3);

      // The clock: ten second ticks between two minute ticks.
      expect(lines).toContain("  minute 1");
      expect(lines.indexOf("  minute 1")).toBe(
        lines.indexOf("  second 6, second 7, second 8, second 9, second 10") +
          1,
      );
      expect(lines).toContain("  20 second ticks, 2 minute ticks");

      // The future, resolved by a Protocol's callbacks, held the answer.
      expect(lines.at(-1)).toBe(
        "  GET /delay/100: HTTP/1.1 200 OK, body 'waited 100 ms'",
      );
      expect(ctx.server.stats().requests.map((r) => r.path)).toEqual([
        "/delay/100",
      ]);
    });
  },
);
