// The watchdog and monitorEventLoopDelay, watching a program whose request
// handler blocks the loop (programs/blocked-loop.ts), in a child process.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { runProgram } from "./run-program.ts";

const ctx = useServer();

/** The milliseconds in a line such as "... after 412 ms" or "1.20 s". */
function msIn(line: string | undefined, label: RegExp): number {
  const match = label.exec(line ?? "");
  if (match === null) throw new Error(`no ${label} in ${line}`);
  const [, value = "", unit] = match;
  return Number(value) * (unit === "s" ? 1000 : 1);
}

describe("a request handler that blocks the event loop", () => {
  it("is caught by the watchdog with the stack of the function that blocked", async () => {
    const exit = await runProgram("blocked-loop", [ctx.server.url, "blocking"]);
    expect(exit.code, exit.stderr.join("\n")).toBe(0);
    const [report, other] = exit.stdout;
    const at = exit.stdout.findIndex((l) => l.startsWith("watchdog: the loop"));
    const [blocked, top, caller] = exit.stdout.slice(at, at + 3);
    const reportMs = msIn(report, /after ([\d.]+) (ms|s)/);
    const blockedMs = msIn(blocked, /blocked for ([\d.]+) (ms|s)/);
    expect(top).toMatch(/^ {2}at countRepeats \(.*blocked-loop\.ts:\d+\)$/);
    expect(caller).toMatch(/^ {2}at handleReport \(/);
    // The block is most of the request's time, and the other request,
    // answered by the server after 100 ms, waited for it too.
    expect(blockedMs, `blocked ${blockedMs} of ${reportMs} ms`).toBeGreaterThan(
      reportMs * 0.5,
    );
    const otherMs = msIn(other, /took ([\d.]+) (ms|s)/);
    expect(otherMs, `/delay/100 took ${otherMs} ms`).toBeGreaterThan(
      Math.min(blockedMs, reportMs) * 0.8,
    );
    // monitorEventLoopDelay saw a tick as late as the block, give or take.
    const worst = msIn(
      exit.stdout.find((l) => l.startsWith("monitorEventLoopDelay")),
      /worst delay ([\d.]+) (ms|s)/,
    );
    expect(worst / blockedMs, `${worst} vs ${blockedMs} ms`).toBeGreaterThan(
      0.8,
    );
    expect(worst / blockedMs, `${worst} vs ${blockedMs} ms`).toBeLessThan(1.3);
  });

  it("is not reported once the handler counts in one pass", async () => {
    const exit = await runProgram("blocked-loop", [ctx.server.url, "fixed"]);
    expect(exit.code, exit.stderr.join("\n")).toBe(0);
    expect(exit.stdout).toContain("watchdog: no block in this program");
    expect(exit.stdout[0]).toMatch(/25000 orders, 257 repeated ids/);
  });

  it("draws the block as it happens, and the histogram only after it", async () => {
    const exit = await runProgram("blocked-loop", [ctx.server.url, "blocking"]);
    const line = exit.stdout.find((l) => l.startsWith("#series ")) ?? "";
    const { delay, heartbeat } = JSON.parse(line.slice(8)) as Record<
      string,
      [number, number][]
    >;
    const peak = (points: [number, number][] = []) =>
      points.reduce((best, p) => (p[1] > best[1] ? p : best), [0, 0]);
    const [peakAt, peakAge] = peak(heartbeat);
    // The heartbeat's age climbs through the block: many samples on the way.
    const climbing = (heartbeat ?? []).filter(
      ([at, age]) => at > peakAt - peakAge && at <= peakAt && age > 20,
    );
    expect(climbing.length, `${climbing.length} samples`).toBeGreaterThan(5);
    // The histogram's worst delay jumps only once the block is over.
    const jump = (delay ?? []).find(([, worst]) => worst >= peakAge * 0.8);
    expect(
      jump?.[0],
      `jump at ${jump?.[0]}, block ended ${peakAt}`,
    ).toBeGreaterThanOrEqual(peakAt - 15);
  });
});
