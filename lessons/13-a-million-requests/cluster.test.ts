import { describe, expect, it } from "vitest";
import { runLoad } from "./loadgen.ts";
import { shareOnePort } from "./reuse-port.ts";
import { startServerProcess } from "./server-process.ts";

describe("the bundled server on several cores", () => {
  it("as a cluster of two workers on one port, both take connections and every request is counted once", async () => {
    const server = await startServerProcess(2);
    try {
      expect(server.pids).toHaveLength(2);
      const requests = 2000;
      const report = await runLoad({
        url: `${server.url}/delay/0`,
        connections: 20,
        requests,
      });
      const counts = await server.counts();
      expect(report).toMatchObject({ requests, errors: 0 });
      expect(counts.map((w) => w.pid).sort()).toEqual([...server.pids].sort());
      // Round robin: the primary hands the 20 connections out in turn.
      for (const worker of counts) {
        expect(worker.connections, JSON.stringify(counts)).toBeGreaterThan(0);
      }
      expect(counts.reduce((sum, w) => sum + w.requests, 0)).toBe(requests);
    } finally {
      await server.close();
    }
  });

  it.runIf(process.platform === "linux")(
    "with reusePort, two processes that are not a cluster listen on one port and share its connections",
    async () => {
      const shared = await shareOnePort(50, 1000);
      // Without the option on every socket, the port is taken.
      expect(shared.withoutReuse).toBe("EADDRINUSE");
      expect(shared.perProcess.reduce((a, b) => a + b, 0)).toBe(1000);
      for (const served of shared.perProcess) {
        expect(served, shared.perProcess.join(" + ")).toBeGreaterThan(0);
      }
    },
  );
});
