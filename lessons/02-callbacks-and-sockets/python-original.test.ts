import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { expectAllInFlightTogether } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./callbacks.py", import.meta.url).pathname;
const missing = await pythonMissing();
const ctx = useServer();

describe.skipIf(missing !== null)(
  missing === null
    ? "callbacks.py, the asyncio original"
    : `callbacks.py (skipped: ${missing})`,
  () => {
    it("sends /bar and /foo on two sockets and has both in flight at once", async () => {
      const lines = await runPythonLines(SCRIPT, [ctx.server.url]);
      expect(lines.slice(0, 2)).toEqual([
        'GET /bar -> 200 "bar"',
        'GET /foo -> 200 "foo"',
      ]);
      expect(lines[2]).toMatch(/^both answered after \d/);
      const { requests, totalConnections } = ctx.server.stats();
      expect(requests.map((r) => r.path)).toEqual(["/bar", "/foo"]);
      // HTTP/1.0 and a socket each: one connection per request.
      expect(totalConnections).toBe(2);
      expectAllInFlightTogether(requests);
    });

    it("gets past a barrier that answers only when both requests wait at once", async () => {
      const barrier = `/barrier/2?key=${randomUUID()}&timeout=3000`;
      const lines = await runPythonLines(SCRIPT, [
        ctx.server.url,
        barrier,
        barrier,
      ]);
      const released = JSON.stringify("released 2 together\n");
      expect(lines.slice(0, 2)).toEqual([
        `GET ${barrier} -> 200 ${released}`,
        `GET ${barrier} -> 200 ${released}`,
      ]);
      expect(ctx.server.stats().requests.map((r) => r.status)).toEqual([
        200, 200,
      ]);
    });
  },
);
