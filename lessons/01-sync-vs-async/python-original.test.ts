import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import {
  expectAllInFlightTogether,
  expectOneAfterAnother,
} from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./fetch_both.py", import.meta.url).pathname;
const missing = await pythonMissing(["asyncio", "aiohttp"]);
const ctx = useServer();

describe.skipIf(missing !== null)(
  missing === null
    ? "fetch_both.py, the asyncio original"
    : `fetch_both.py (skipped: ${missing})`,
  () => {
    it("sends the blocking requests one after the other and the gathered ones at once", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      expect(lines.filter((l) => l.includes("GET"))).toEqual([
        "  GET /bar -> bar",
        "  GET /foo -> foo",
        "  GET /bar -> bar",
        "  GET /foo -> foo",
      ]);
      const log = ctx.server.stats().requests;
      expect(log.map((r) => r.path)).toEqual(["/bar", "/foo", "/bar", "/foo"]);
      // urllib blocks: /foo arrived only after /bar had finished.
      expectOneAfterAnother(log.slice(0, 2));
      // gather: both were in flight at once.
      expectAllInFlightTogether(log.slice(2));
    });
  },
);
