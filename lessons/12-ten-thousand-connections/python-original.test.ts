// The original Python tutorial's client, ported to async/await, against the
// bundled server: what the server saw proves it kept its connections.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { pythonVersion, startPythonClient } from "./python-client.ts";

const ctx = useServer();
const python = pythonVersion();

describe.skipIf(python === null)(
  `asyncli.py${python === null ? " (skipped: python3 is not installed)" : ""}`,
  () => {
    test("ramps up, keeps every connection with HEAD, and stops by itself", async () => {
      const { done } = startPythonClient({
        url: `${ctx.server.url}/`,
        connections: 200,
        keepalive: 4,
        seconds: 2.5,
      });
      const summary = await done;
      expect(summary).toMatchObject({ connections: 200, errors: 0 });
      const stats = ctx.server.stats();
      expect(stats.totalConnections).toBe(200);
      expect(stats.requests.every((r) => r.method === "HEAD")).toBe(true);
      // A HEAD sent just before the stop may have had no answer yet.
      expect(summary!.responses).toBeLessThanOrEqual(stats.totalRequests);
      expect(summary!.responses).toBeGreaterThanOrEqual(
        stats.totalRequests - 200,
      );
      const first = stats.requests.map((r) => r.arrivedAt);
      // 10 every 10 ms: 200 take about 200 ms, not all at once.
      const spread = Math.max(...first) - Math.min(...first);
      expect(spread).toBeGreaterThan(150);
    });

    test("counts a refused connection as an error", async () => {
      const { done } = startPythonClient({
        url: "http://127.0.0.1:1/",
        connections: 5,
        keepalive: 4,
        seconds: 0.5,
      });
      expect(await done).toMatchObject({
        connections: 0,
        errors: 5,
        errorKinds: { ConnectionRefusedError: 5 },
      });
    });

    test("before Python 3.12 a cancel can be lost in wait_for, as its comment says", () => {
      const script = fileURLToPath(
        new URL("./wait-for-cancel.py", import.meta.url),
      );
      const printed = execFileSync("python3", [script], { encoding: "utf8" });
      const [major, minor] = /Python (\d+)\.(\d+)/
        .exec(printed)!
        .slice(1)
        .map(Number);
      const old = major! === 3 && minor! < 12;
      expect(printed.trim()).toMatch(old ? /was lost$/ : /was cancelled$/);
    });
  },
);
