import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { runPythonOriginal } from "./python-original.ts";

const ctx = useServer();

test(
  "the asyncio original: executor threads overlap blocking calls, the GIL lets one thread compute at a time, subprocesses stream",
  { timeout: 60_000 },
  async (t) => {
    const report = await runPythonOriginal(ctx.client.url, 60_000);
    if (report === null) {
      t.skip("python3 is not installed, so the asyncio original cannot run");
      return;
    }
    // Three blocking requests in three threads of the default executor were
    // at the server at the same time: its barrier answers 200 only then.
    expect(report.blocking_calls.statuses).toEqual([200, 200, 200]);

    const { one_thread, two_threads, two_processes } = report.cpu_bound;
    expect(two_threads.primes).toBe(one_thread.primes);
    expect(two_processes.primes).toBe(one_thread.primes);
    if (report.gil) {
      // With the GIL, only one thread runs Python code at a time: the two
      // threads' CPU time together cannot exceed the wall time they took.
      const cpu = two_threads.cpu_seconds ?? 0;
      expect(
        cpu,
        `threads used ${cpu.toFixed(2)} s of CPU in ${two_threads.seconds.toFixed(2)} s`,
      ).toBeLessThanOrEqual(two_threads.seconds * 1.1 + 0.02);
    }

    expect(report.threadsafe.callback_on_loop_thread).toBe(true);
    expect(report.subprocess.finished).toEqual({
      lines: ["tick 1", "tick 2", "tick 3"],
      returncode: 3,
    });
    expect(report.subprocess.cancelled).toEqual([
      "tick 1",
      "tick 2",
      "returncode -15",
    ]);
  },
);
