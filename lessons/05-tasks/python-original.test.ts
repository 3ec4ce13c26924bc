import { describe, expect, it } from "vitest";
import { pythonMissing, runPythonLines } from "../../src/lib/python.ts";
import { useServer } from "../../test/helpers/server.ts";

const SCRIPT = new URL("./tasks.py", import.meta.url).pathname;
const missing = await pythonMissing(["asyncio", "aiohttp"]);
const ctx = useServer();

const run = (mode: string) => runPythonLines(SCRIPT, [ctx.server.url, mode]);
const outcomes = () =>
  ctx.server
    .stats()
    .requests.map((r) => `${r.path} ${r.outcome}`)
    .sort();

describe.skipIf(missing !== null)(
  missing === null
    ? "tasks.py, the asyncio original"
    : `tasks.py (skipped: ${missing})`,
  () => {
    it("create_task runs the shorter sleep first, and run_forever does not return by itself", async () => {
      const lines = await run("create-tasks");
      expect(lines.slice(0, 2)).toEqual(["second hello", "first hello"]);
      expect(lines[2]).toMatch(/^still running after 3\.\d\d s: run_forever/);
    });

    it("loop.stop() leaves the third hello pending, and asyncio says so", async () => {
      const lines = await run("stop-loop");
      expect(lines).not.toContain("third hello");
      expect(lines.at(-1)).toBe(
        "asyncio: Task was destroyed but it is pending!",
      );
    });

    it("a SIGTERM handler cancels the downloads, and the server sees them cut off", async () => {
      const lines = await run("graceful");
      expect(lines.at(-1)).toBe("3 of 3 downloads cancelled");
      expect(outcomes()).toEqual(
        [1, 2, 3].map((n) => `/drip?chunks=50&n=${n} aborted`),
      );
    });

    it("a TaskGroup whose task fails cancels the others, whose requests the server sees aborted", async () => {
      const lines = await run("task-group");
      expect(lines.slice(1)).toEqual([
        "  ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)",
        "    ClientResponseError 503",
      ]);
      expect(outcomes()).toEqual([
        "/delay/2000 aborted",
        "/delay/2000 aborted",
        "/delay/300 ok",
        "/status/503 ok",
      ]);
    });
  },
);
