import { describe, expect, test } from "vitest";
import { formatMs } from "../../src/lib/format.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import {
  drawTimeline,
  inlineCode,
  TIMELINE_GAP,
} from "../../src/cli/terminal.ts";

function request(
  id: number,
  path: string,
  arrivedAt: number,
  firstByteAt: number | null,
  finishedAt: number | null,
  outcome: RequestRecord["outcome"] = finishedAt === null ? "in-flight" : "ok",
): RequestRecord {
  return {
    id,
    connectionId: id,
    method: "GET",
    path,
    arrivedAt,
    firstByteAt,
    finishedAt,
    status: firstByteAt === null ? 0 : 200,
    outcome,
  };
}

const sequential = [
  request(1, "/bar", 0, 990, 1000),
  request(2, "/foo", 1000, 1990, 2000),
];
const concurrent = [
  request(1, "/bar", 0, 990, 1000),
  request(2, "/foo", 2, 992, 1002),
];

/** The bar part of each row: what follows the label and the axis line. */
function bars(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.includes("│"))
    .map((line) => line.slice(line.indexOf("│") + 1));
}

describe("formatMs", () => {
  test("uses seconds from a second up, whole ms from 10 ms, else hundredths", () => {
    expect(formatMs(1234.5)).toBe("1.23 s");
    expect(formatMs(12.3)).toBe("12 ms");
    expect(formatMs(0.42)).toBe("0.42 ms");
  });

  test("picks the unit after rounding: never 1000 ms or 10.00 ms", () => {
    expect(formatMs(999.7)).toBe("1.00 s");
    expect(formatMs(999.4)).toBe("999 ms");
    expect(formatMs(9.999)).toBe("10 ms");
    expect(formatMs(9.99)).toBe("9.99 ms");
  });
});

describe("drawTimeline", () => {
  test("draws sequential requests as a staircase", () => {
    const [first = "", second = ""] = bars(
      drawTimeline(sequential, { width: 40 }),
    );
    expect(first.indexOf("█")).toBeLessThan(20);
    expect(second.search(/[░█]/)).toBe(20);
  });

  test("draws concurrent requests stacked from the same column", () => {
    const [first = "", second = ""] = bars(
      drawTimeline(concurrent, { width: 40 }),
    );
    expect(first.search(/[░█]/)).toBe(0);
    expect(second.search(/[░█]/)).toBe(0);
  });

  test("shows waiting and transfer in different characters", () => {
    const drip = [request(1, "/drip", 0, 100, 1000)];
    const [bar = ""] = bars(drawTimeline(drip, { width: 10 }));
    expect(bar).toBe(`░${"█".repeat(9)}  1.00 s`);
  });

  test("leaves a gap between the longest bar and every duration", () => {
    // The last request arrives at the very end of the log: its one cell
    // still stays inside the bars' columns.
    const log = [
      request(1, "/delay/1000", 0, 999.7, 999.7),
      request(2, "/late", 999.7, null, null),
    ];
    const width = 20;
    for (const row of bars(drawTimeline(log, { width }))) {
      expect(row.slice(width, width + TIMELINE_GAP), row).toBe("  ");
      expect(row.slice(0, width), row).not.toMatch(/[0-9a-z]/);
    }
  });

  test("writes every duration with formatMs, right-aligned under the total", () => {
    const log = [
      request(1, "/delay/1000", 0, 999.7, 999.7),
      request(2, "/delay/12", 999.7, 1011.7, 1011.7),
    ];
    const lines = drawTimeline(log, { width: 20 }).split("\n");
    expect(lines[0]).toMatch(/ 1\.00 s$/);
    expect(lines[1]).toMatch(/ {2}12 ms$/);
    expect(lines[2]).toMatch(/└─{20} {2}1\.01 s$/);
    expect(lines.join("\n")).not.toContain("1000 ms");
    const ends = lines.slice(0, 3).map((line) => line.length);
    expect(new Set(ends).size, lines.join("\n")).toBe(1);
  });

  test("writes the total time on the axis and the summary below", () => {
    const text = drawTimeline(sequential, { width: 20 });
    expect(text).toContain(`└${"─".repeat(20)}  2.00 s`);
    expect(text).toContain("2 requests, peak 1 at once, 2.00 s");
  });

  test("labels a request still in flight and draws it to the end", () => {
    const log = [...sequential, request(3, "/fault/hang", 500, null, null)];
    const lines = drawTimeline(log, { width: 20 }).split("\n");
    expect(lines[2]).toMatch(/GET \/fault\/hang │ {5}░{15} {2}in flight$/);
  });

  test("marks a request that ended early, and says what the mark means", () => {
    const log = [request(1, "/delay/900", 0, null, 300, "aborted")];
    const text = drawTimeline(log, { width: 10 });
    expect(text).toMatch(/300 ms ✕ aborted$/m);
    expect(text).toContain("✕ ended early");
  });

  test("colours the bars only when asked", () => {
    expect(drawTimeline(sequential)).not.toContain("\x1b[");
    expect(drawTimeline(sequential, { color: true })).toContain("\x1b[");
  });

  test("says so when the log is empty", () => {
    expect(drawTimeline([])).toBe("(no requests reached the server)");
  });
});

describe("inlineCode", () => {
  test("drops a code span's backticks in plain text and colours it on a TTY", () => {
    const text = "task.ts does not export `loadDashboard`; see `a` and `b`";
    expect(inlineCode(text, false)).toBe(
      "task.ts does not export loadDashboard; see a and b",
    );
    expect(inlineCode("use `fn`", true)).toBe("use \x1b[36mfn\x1b[0m");
  });

  test("leaves a lone backtick alone", () => {
    expect(inlineCode("a ` b", false)).toBe("a ` b");
  });
});
