import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { expectAllInFlightTogether } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./loop_order.py", import.meta.url).pathname;
const missing = await pythonMissing();
const ctx = useServer();

describe.skipIf(missing !== null)(
  missing === null
    ? "loop_order.py, the asyncio original"
    : `loop_order.py (skipped: ${missing})`,
  () => {
    it("runs two requests and a timer on asyncio's loop, and call_soon before call_later(0)", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      // Each callback ran when its source was ready: the quicker answer,
      // then the timer, then the slower answer.
      expect(lines.slice(2, 5).map((l) => l.slice(0, 11))).toEqual([
        "[io   ] B: ",
        "[timer] tim",
        "[io   ] A: ",
      ]);
      const [, ran = "0"] = /ran after ([\d.]+) ms/.exec(lines[3] ?? "") ?? [];
      expect(Number(ran), `the timer ran after ${ran} ms`).toBeGreaterThan(199);
      const log = ctx.server.stats().requests;
      expect(log.map((r) => r.path)).toEqual(["/delay/300", "/delay/100"]);
      expectAllInFlightTogether(log);

      expect(lines.slice(7, 11)).toEqual([
        "  1. synchronous code",
        "  2. call_soon",
        "  3. future's done callback",
        "  4. call_later(0)",
      ]);
      // No microtask queue: a callback's call_soon waits behind the other
      // timer that was due.
      expect(lines.slice(12)).toEqual([
        "  1. timer 1",
        "  2. timer 2",
        "  3. timer 1: call_soon",
        "  4. timer 2: call_soon",
      ]);
    });
  },
);
