import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseFileLimit, readProc } from "../../src/lib/linux-proc.ts";
import {
  logFigures,
  pythonMissing,
  runPythonLines,
} from "../../src/lib/python.ts";
import { useServer } from "../../test/helpers/server.ts";
import { SEMAPHORE_PY } from "./python-original.ts";

const missing = await pythonMissing(["asyncio", "aiohttp"]);
const ctx = useServer();
const hardLimit =
  parseFileLimit(readProc("/proc/self/limits") ?? "")?.hard ?? 0;

describe.skipIf(missing !== null)(
  missing === null
    ? "semaphore.py, the asyncio original"
    : `semaphore.py (skipped: ${missing})`,
  () => {
    // A barrier of 20 answers only when 20 requests wait at once: a
    // semaphore that let fewer through would never get an answer, and
    // one that let more through would show a higher peak.
    const barrier = () =>
      `${ctx.server.url}/barrier/20?key=${randomUUID()}&timeout=5000`;

    it("holds exactly Semaphore(20) requests in flight, with a connection per task", async () => {
      const lines = await runPythonLines(SEMAPHORE_PY, [barrier(), "60", "20"]);
      expect(lines[0]).toBe("60 tasks, Semaphore(20): 60 answered");
      const { requests, totalConnections } = ctx.server.stats();
      expect(requests.map((r) => r.status)).toEqual(Array(60).fill(200));
      expect(logFigures(requests).peakInFlight).toBe(20);
      // A ClientSession per task: no connection serves two requests.
      expect(totalConnections).toBe(60);
      expect(lines[2]).toMatch(/^max RSS: \d+ MB/);
    });

    it("with one session, reuses its connections: no more than the limit", async () => {
      const lines = await runPythonLines(SEMAPHORE_PY, [
        barrier(),
        "60",
        "20",
        "--one-session",
      ]);
      expect(lines[0]).toBe("60 tasks, Semaphore(20): 60 answered");
      const { requests, totalConnections } = ctx.server.stats();
      expect(logFigures(requests).peakInFlight).toBe(20);
      expect(totalConnections).toBeLessThanOrEqual(20);
    });

    it.skipIf(hardLimit < 1400)(
      "on a select() loop, fails past descriptor 1023 as the original did (skipped if the hard open-file limit is under 1400)",
      async () => {
        const url = `${ctx.server.url}/delay/100`;
        const lines = await runPythonLines(SEMAPHORE_PY, [
          url,
          "--select",
          "1200",
        ]);
        expect(lines.at(-1)).toBe(
          "ValueError: filedescriptor out of range in select()",
        );
        // The loop died before it could send a request.
        expect(ctx.server.stats().totalRequests).toBe(0);
      },
    );
  },
);
