import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { expectAllInFlightTogether } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./gather.py", import.meta.url).pathname;
const missing = await pythonMissing(["asyncio", "aiohttp"]);
const ctx = useServer();

describe.skipIf(missing !== null)(
  missing === null
    ? "gather.py, the asyncio original"
    : `gather.py (skipped: ${missing})`,
  () => {
    it("gathers in input order, leaves the others running on a failure, and waits as asked", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      const log = ctx.server.stats().requests;
      const text = lines.join("\n");

      // gather: the five requests were in flight together, and the bodies
      // came back in input order, not in finishing order.
      expectAllInFlightTogether(log.slice(0, 5));
      expect(lines.slice(1, 6).map((l) => l.trim())).toEqual(
        [400, 150, 600, 50, 250].map((ms) => `waited ${ms} ms`),
      );
      // The 500 made gather raise, and it did not cancel the other two:
      // the server answered them in full.
      expect(text).toMatch(/gather raised after .*: ClientResponseError 500/);
      expect(log.slice(5, 8).map((r) => [r.path, r.outcome])).toEqual([
        ["/delay/300", "ok"],
        ["/delay/600", "ok"],
        ["/status/500", "ok"],
      ]);
      expect(text).toMatch(
        /\/status\/500 -> ClientResponseError 500 Internal Server Error/,
      );
      // asyncio.wait: each way stopped waiting where it should.
      expect(text).toContain("pending none");
      expect(text).toContain("done 1 (waited 100 ms); pending 2, 3");
      expect(text).toContain("done 1 (waited 100 ms), 2 (failed); pending 3");
      // The 250 ms deadline of wait_for closed the /delay/600 connection.
      const cut = log.slice(11, 20).filter((r) => r.path === "/delay/600");
      expect(cut.map((r) => r.outcome)).toEqual([
        "aborted",
        "aborted",
        "aborted",
      ]);
      // as_completed: the quickest first.
      expect(lines.slice(-3).map((l) => l.replace(/.*: /, ""))).toEqual([
        "waited 50 ms",
        "waited 250 ms",
        "waited 450 ms",
      ]);
    });
  },
);
