import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { ownFileLimit, parseLimit } from "./file-limit.ts";
import { runUnderFileLimit } from "./too-many-files.ts";

const FILE_LIMIT = 128;
const COUNT = 400;
// This process holds the server, which accepts one socket per request that
// gets through: the child's sockets, and a score of its own.
const NEEDED = COUNT + 100;
// 1100 sockets in the child, and as many on the server's side in here.
const PAST_SELECT = 1100;
const ROOMY_LIMIT = 1400;
const NEEDED_PAST_SELECT = PAST_SELECT * 2 + 200;

/** This process's own soft limit: from `/proc` on Linux, else from a shell,
 * which inherits it as Node raised it. */
function parentLimit(): number {
  const own = ownFileLimit();
  if (own !== null) return own.soft;
  return parseLimit(
    execFileSync("sh", ["-c", "ulimit -Sn"], { encoding: "utf8" }),
  );
}

const parent = parentLimit();
const linux = process.platform === "linux";
// On Linux the limit is read from /proc and every one of these tests runs:
// a limit too low to run them fails them, with the figure, instead.
const skipped = !linux && parent < NEEDED;
const title = skipped
  ? `skipped: this process may open only ${parent} files; the server needs ${NEEDED}`
  : "a child process with its open-file limit lowered";

describe.skipIf(skipped)(title, () => {
  const ctx = useServer();

  it("has room for the server: this process may open enough files", () => {
    expect(
      parent,
      `soft limit ${parent}; needed ${NEEDED}`,
    ).toBeGreaterThanOrEqual(NEEDED);
  });

  it("fails with EMFILE once its sockets fill the descriptors Node left free", async () => {
    const report = await runUnderFileLimit({
      fileLimit: FILE_LIMIT,
      count: COUNT,
      url: new URL("/delay/1000", ctx.server.url),
    });
    const seen = JSON.stringify(report);
    if (linux) {
      // `ulimit -n` in sh lowered both limits, so Node had nothing to raise.
      expect(report.fileLimit, seen).toMatchObject({
        soft: FILE_LIMIT,
        hard: FILE_LIMIT,
        source: "/proc/self/limits",
      });
    }
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

  it("lowering only the soft limit changes nothing: Node raises it to the hard limit as it starts", async () => {
    const report = await runUnderFileLimit({
      fileLimit: FILE_LIMIT,
      softOnly: true,
      count: COUNT,
      url: new URL("/delay/1000", ctx.server.url),
    });
    const seen = JSON.stringify(report);
    if (linux) {
      // The hard limit is this process's, untouched; the soft one is back
      // up to it, far above the 128 the shell set.
      const own = ownFileLimit();
      expect(report.fileLimit?.hard, seen).toBe(own?.hard);
      expect(report.fileLimit?.soft, seen).toBe(own?.hard);
    }
    expect(report.failed, seen).toBe(0);
    // Far more sockets at once than the 128 the shell asked for.
    const { peakInFlight } = ctx.server.stats();
    expect(peakInFlight, `peak ${peakInFlight}; ${seen}`).toBeGreaterThan(
      FILE_LIMIT * 2,
    );
  });

  it.skipIf(!linux || parent < NEEDED_PAST_SELECT)(
    `holds ${PAST_SELECT} sockets at once, numbered past select()'s 1023, and every request is answered`,
    async () => {
      const report = await runUnderFileLimit({
        fileLimit: ROOMY_LIMIT,
        count: PAST_SELECT,
        url: new URL("/delay/1000", ctx.server.url),
      });
      const seen = JSON.stringify(report);
      expect(report.failed, seen).toBe(0);
      // Sampled at the first answer, while every socket was still open.
      expect(report.highestDescriptor, seen).toBeGreaterThan(1023);
    },
  );
});
