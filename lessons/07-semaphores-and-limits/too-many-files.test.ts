import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { ownFileLimit, runUnderFileLimit } from "./too-many-files.ts";

const FILE_LIMIT = 128;
const COUNT = 400;
// The server runs in this process and accepts one socket per request that
// gets through; it needs a limit well above the child's.
const NEEDED = 1024;
const parentLimit = await ownFileLimit();
const title =
  parentLimit >= NEEDED
    ? "a child process limited to 128 open files"
    : `skipped: this process may open only ${parentLimit} files (ulimit -n); the server needs ${NEEDED}`;

describe.skipIf(parentLimit < NEEDED)(title, () => {
  const ctx = useServer();

  it("fails with EMFILE once its sockets fill the descriptors Node left free", async () => {
    const report = await runUnderFileLimit({
      fileLimit: FILE_LIMIT,
      count: COUNT,
      url: new URL("/delay/1000", ctx.server.url),
    });
    const seen = JSON.stringify(report);
    expect(report.errorCode, seen).toBe("EMFILE");
    const open = report.openWhenFailed ?? 0;
    // Node holds a score of descriptors before the first request: stdio,
    // its event loop, its worker threads' pipes.
    expect(open, seen).toBeGreaterThanOrEqual(FILE_LIMIT - 64);
    expect(open, seen).toBeLessThanOrEqual(FILE_LIMIT - 3);
    if (report.descriptorsBefore !== null) {
      // Sockets plus what Node held at the start come to the limit, give or
      // take the odd descriptor Node opens or closes on its own meanwhile.
      const used = open + report.descriptorsBefore;
      expect(Math.abs(used - FILE_LIMIT), seen).toBeLessThanOrEqual(4);
    }
    expect(report.succeeded + report.failed).toBe(COUNT);
    expect(report.succeeded, seen).toBe(open);
    // The server saw exactly the requests that got a socket, all at once.
    const { peakInFlight, totalRequests } = ctx.server.stats();
    expect(totalRequests, seen).toBe(open);
    expect(peakInFlight, seen).toBe(open);
  });

  it("under the same limit, a semaphore of 50 gets every request through", async () => {
    const report = await runUnderFileLimit({
      fileLimit: FILE_LIMIT,
      count: COUNT,
      limit: 50,
      url: new URL("/delay/20", ctx.server.url),
    });
    expect(report.failed, JSON.stringify(report)).toBe(0);
    expect(report.succeeded).toBe(COUNT);
    const { peakInFlight, totalRequests } = ctx.server.stats();
    expect(totalRequests).toBe(COUNT);
    expect(peakInFlight, `peak ${peakInFlight} in flight`).toBeLessThanOrEqual(
      50,
    );
  });
});
