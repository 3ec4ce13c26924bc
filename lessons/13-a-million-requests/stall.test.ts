import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad } from "./loadgen.ts";
import { startServerProcess, type ServerProcess } from "./server-process.ts";
import { loadWithStall } from "./stall.ts";

// SIGSTOP and SIGCONT freeze and thaw a process on Linux and macOS.
const posix = process.platform !== "win32";
let server: ServerProcess | undefined;
beforeAll(async () => {
  if (posix) server = await startServerProcess(1);
});
afterAll(async () => {
  await server?.close();
});

const STALL_MS = 300;

function options(rate?: number) {
  if (server === undefined) throw new Error("no server");
  const running = server;
  return {
    url: `${running.url}/delay/0`,
    stall: (ms: number) => running.stall(ms),
    connections: 10,
    durationMs: 1500,
    stallAtMs: 500,
    stallMs: STALL_MS,
    ...(rate !== undefined && { rate }),
  };
}

describe.runIf(posix)("a server that stalls, measured two ways", () => {
  it("the closed loop sees the stall in its few requests that were in flight, and its p99 hides it", async () => {
    await runLoad({
      url: `${server!.url}/delay/0`,
      connections: 10,
      durationMs: 200,
    });
    const { report } = await loadWithStall(options());
    const figures = `p99 ${report.p99Ms} ms, max ${report.maxMs} ms`;
    expect(report.errors).toBe(0);
    expect(report.maxMs, figures).toBeGreaterThanOrEqual(STALL_MS * 0.9);
    expect(report.p99Ms, figures).toBeLessThan(STALL_MS / 2);
  });

  it("the open loop counts the wait of every request that fell due during the stall", async () => {
    const { report, worstByTime } = await loadWithStall(options(1000));
    const figures =
      `p90 ${report.p90Ms} ms, p99 ${report.p99Ms} ms, ` +
      `sent-time p99 ${report.service.p99Ms} ms`;
    expect(report.errors).toBe(0);
    // 300 of the 1,500 requests fell due during the stall: a fifth.
    expect(report.p99Ms, figures).toBeGreaterThanOrEqual(STALL_MS * 0.8);
    // Counted from when each was sent, the same requests hide the stall:
    // only the 10 in flight when it began (under 1 %) waited it out.
    expect(report.service.p99Ms, figures).toBeLessThan(STALL_MS / 2);
    // The worst latency falls with each window after the stall began.
    const worst = Math.max(...worstByTime.map(([, ms]) => ms));
    expect(worst, figures).toBeGreaterThanOrEqual(STALL_MS * 0.9);
  });
});
