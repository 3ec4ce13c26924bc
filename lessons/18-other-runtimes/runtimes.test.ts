import { expect, test } from "vitest";
import { formatMs } from "../../src/lib/format.ts";
import { useServer } from "../../test/helpers/server.ts";
import { STYLES, runStyle } from "./runtimes.ts";
import { seenByServer } from "./server-log.ts";

const ctx = useServer();

// A JVM compiling a source file on a busy machine may take several
// seconds before its first request; the assertions read the server's log.
const TIMEOUT_MS = 60_000;

const concurrent = STYLES.filter((s) => s.name !== "python-blocking");

for (const style of concurrent) {
  test(
    `${style.label}: /bar and /foo are in flight together and answered in about 1 s, not 2`,
    async (t) => {
      const outcome = await runStyle(style, ctx.server.url);
      if (!outcome.ran) {
        t.skip(`${outcome.missing} (.ci/run installs it)`);
        return;
      }
      expect(outcome.result.bodies).toEqual(["bar", "foo"]);
      const seen = seenByServer(ctx.server.stats().requests);
      expect(seen.paths.toSorted()).toEqual(["/bar", "/foo"]);
      expect(seen.statuses).toEqual([200, 200]);
      expect(seen.overlapped, "both requests were in flight at once").toBe(
        true,
      );
      expect(seen.peak).toBe(2);
      // Together about one second on the server: less than two by far.
      expect(
        seen.spanMs,
        `first arrival to last finish: ${formatMs(seen.spanMs)}`,
      ).toBeLessThan(1600);
      expect(seen.spanMs).toBeGreaterThanOrEqual(1000);
    },
    TIMEOUT_MS,
  );
}

test(
  "the same urllib code without gevent's monkey patch sends the requests one after the other: about 2 s",
  async (t) => {
    const outcome = await runStyle(
      STYLES.find((s) => s.name === "python-blocking")!,
      ctx.server.url,
    );
    if (!outcome.ran) {
      t.skip(`${outcome.missing} (.ci/run installs it)`);
      return;
    }
    expect(outcome.result.bodies).toEqual(["bar", "foo"]);
    const seen = seenByServer(ctx.server.stats().requests);
    expect(seen.paths).toEqual(["/bar", "/foo"]);
    expect(seen.overlapped).toBe(false);
    expect(seen.peak).toBe(1);
    expect(
      seen.spanMs,
      `first arrival to last finish: ${formatMs(seen.spanMs)}`,
    ).toBeGreaterThanOrEqual(2000);
  },
  TIMEOUT_MS,
);

test("a runtime that is not installed is reported as missing, not as a failure", async () => {
  const before = process.env["LESSON_PYTHON"];
  process.env["LESSON_PYTHON"] = "/nonexistent/python3";
  try {
    const outcome = await runStyle(STYLES[1]!, ctx.server.url);
    expect(outcome).toEqual({
      ran: false,
      missing: "/nonexistent/python3 is not installed",
    });
  } finally {
    if (before === undefined) delete process.env["LESSON_PYTHON"];
    else process.env["LESSON_PYTHON"] = before;
  }
});
