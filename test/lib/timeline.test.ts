import { describe, expect, test } from "vitest";
import type { RequestRecord } from "../../src/server/types.ts";
import {
  MIN_TRANSFER_PX,
  renderTimelineSvg,
  sharedAxisMs,
  summarize,
  tickStep,
  timelineHeight,
  timelineLegend,
  toLanes,
} from "../../src/lib/timeline.ts";

function request(
  id: number,
  path: string,
  arrivedAt: number,
  firstByteAt: number | null,
  finishedAt: number | null,
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
    outcome: finishedAt === null ? "in-flight" : "ok",
  };
}

// Two one-second requests, one after the other, and the same two at once.
const sequential = [
  request(1, "/bar", 0, 990, 1000),
  request(2, "/foo", 1000, 1990, 2000),
];
const concurrent = [
  request(1, "/bar", 0, 990, 1000),
  request(2, "/foo", 2, 992, 1002),
];

describe("toLanes", () => {
  test("gives each request a lane labelled with its method and path", () => {
    const lanes = toLanes([request(7, "/delay/50", 3, 53, 54)]);
    expect(lanes).toEqual([
      {
        label: "GET /delay/50",
        connectionId: 7,
        start: 3,
        firstByte: 53,
        end: 54,
        status: 200,
        outcome: "ok",
      },
    ]);
  });
});

describe("summarize", () => {
  test("counts back-to-back requests as never overlapping", () => {
    expect(summarize(toLanes(sequential))).toEqual({
      count: 2,
      peak: 1,
      spanMs: 2000,
    });
  });

  test("counts requests in flight together", () => {
    expect(summarize(toLanes(concurrent)).peak).toBe(2);
  });

  test("treats a request still in flight as running to the end", () => {
    const log = [request(1, "/fault/hang", 0, null, null), ...sequential];
    expect(summarize(toLanes(log))).toMatchObject({ peak: 2, spanMs: 2000 });
  });
});

describe("tickStep", () => {
  test("picks 1, 2 or 5 times a power of ten", () => {
    expect(tickStep(2000)).toBe(500);
    expect(tickStep(1000)).toBe(200);
    expect(tickStep(55)).toBe(10);
    expect(tickStep(0)).toBeGreaterThan(0);
  });
});

describe("renderTimelineSvg", () => {
  test("is an accessible image with a title and a summary", () => {
    const svg = renderTimelineSvg(concurrent, { title: "Both at once" });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/<title id="[^"]+">Both at once<\/title>/);
    expect(svg).toMatch(/<desc id="[^"]+">2 requests, peak 2 at once, 1.00 s/);
  });

  test("draws one waiting and one transfer bar per request", () => {
    const svg = renderTimelineSvg(sequential);
    expect(svg.match(/class="timeline-wait"/g)).toHaveLength(2);
    expect(svg.match(/class="timeline-transfer"/g)).toHaveLength(2);
  });

  test("scales bars to the time axis", () => {
    const xs = [
      ...renderTimelineSvg(sequential).matchAll(
        /class="timeline-wait" x="([\d.]+)%" y="[\d.]+" width="([\d.]+)%"/g,
      ),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    const [[x1 = 0, w1 = 0] = [], [x2 = 0] = []] = xs;
    // The second request starts where the first one ends: half way along
    // the axis, which spans 90% of the drawing's width.
    expect(x2 - x1).toBeCloseTo(w1 + (w1 / 990) * 10, 1);
    expect(x2).toBeCloseTo(45, 1);
  });

  test("sizes its text in CSS pixels, so it reads the same on a phone", () => {
    const svg = renderTimelineSvg(sequential);
    expect(svg).not.toContain("viewBox");
    expect(svg).toMatch(/^<svg [^>]*width="100%" height="\d+"/);
    expect(svg).toMatch(/^<svg [^>]*font-size="12"/);
    // Each label sits on its own line above its bar, from the left edge.
    expect(svg).toContain(
      '<text class="timeline-label" x="0" y="17" style="fill:var(--timeline-text,currentColor)">GET /bar</text>',
    );
  });

  test("knows its height before it is drawn", () => {
    const svg = renderTimelineSvg(sequential);
    expect(svg).toContain(`height="${timelineHeight(2)}"`);
    expect(timelineHeight(0)).toBe(timelineHeight(1));
    expect(timelineHeight(3) - timelineHeight(2)).toBeGreaterThan(20);
  });

  test("ends the sending part of every bar in a cap a few pixels wide", () => {
    const svg = renderTimelineSvg(sequential);
    const caps = [
      ...svg.matchAll(
        /<svg class="timeline-end" x="([\d.]+)%"[^>]*><rect x="-(\d+)" y="0" width="(\d+)"/g,
      ),
    ];
    expect(caps).toHaveLength(2);
    // The caps end where the bars end: at 1 s (45%) and 2 s (90%).
    expect(caps.map((cap) => Number(cap[1]))).toEqual([45, 90]);
    expect(caps.every((cap) => cap[2] === String(MIN_TRANSFER_PX))).toBe(true);
    expect(MIN_TRANSFER_PX).toBeGreaterThanOrEqual(3);
  });

  test("draws no sending cap for a request that never sent its headers", () => {
    const hang = [request(1, "/fault/hang", 0, null, null)];
    expect(renderTimelineSvg(hang)).not.toMatch(/timeline-end[^>]*><rect/);
  });

  test("marks every other tick label, for narrow screens to leave out", () => {
    const svg = renderTimelineSvg(sequential);
    const ticks = [
      ...svg.matchAll(/class="(timeline-tick[^"]*)"[^>]*>([^<]+)</g),
    ];
    expect(ticks.map((tick) => [tick[1], tick[2]])).toEqual([
      ["timeline-tick", "0 s"],
      ["timeline-tick timeline-tick-odd", "0.5 s"],
      ["timeline-tick", "1 s"],
      ["timeline-tick timeline-tick-odd", "1.5 s"],
      ["timeline-tick", "2 s"],
    ]);
  });

  test("draws on a longer axis when asked, to share a scale with another run", () => {
    const axisMs = sharedAxisMs([sequential, concurrent]);
    expect(axisMs).toBe(summarize(toLanes(sequential)).spanMs);
    const own = renderTimelineSvg(concurrent);
    const shared = renderTimelineSvg(concurrent, { axisMs });
    const widths = (svg: string) =>
      [
        ...svg.matchAll(
          /class="timeline-wait" x="[\d.]+%" y="[\d.]+" width="([\d.]+)%"/g,
        ),
      ].map((m) => Number(m[1]));
    // The concurrent run took half as long, so its bars now span half as far.
    const ratio = (widths(shared)[0] ?? 0) / (widths(own)[0] ?? 1);
    expect(ratio).toBeCloseTo(1002 / 2000, 2);
    expect(shared).toContain(">2 s</text>");
    // The summary still tells this run's own span.
    expect(shared).toMatch(
      /<desc id="[^"]+">2 requests, peak 2 at once, 1.00 s/,
    );
  });

  test("marks a request that was aborted or reset, and only those", () => {
    const aborted = {
      ...request(2, "/delay/600", 0, null, 7),
      outcome: "aborted" as const,
    };
    const svg = renderTimelineSvg([
      request(1, "/status/500", 0, 4, 5),
      aborted,
    ]);
    expect(svg.match(/class="timeline-cut"/g)).toHaveLength(1);
    expect(svg).toContain(
      "GET /delay/600 on connection 2: 7.00 ms, status 0, aborted",
    );
  });

  test("labels ticks in seconds on long axes and in ms on short ones", () => {
    expect(renderTimelineSvg(sequential)).toContain(">1.5 s</text>");
    const short = [request(1, "/delay/50", 0, 50, 51)];
    expect(renderTimelineSvg(short)).toContain(">50 ms</text>");
  });

  test("takes its colours from CSS custom properties with fallbacks", () => {
    const svg = renderTimelineSvg(sequential);
    expect(svg).toMatch(/fill:var\(--timeline-wait,#[0-9a-f]{6}\)/);
    expect(svg).toMatch(/fill:var\(--timeline-transfer,#[0-9a-f]{6}\)/);
    expect(svg).toContain("fill:var(--timeline-text,currentColor)");
  });

  test("escapes labels and titles", () => {
    const svg = renderTimelineSvg([request(1, "/echo?a=<b>&c", 0, 5, 6)], {
      title: 'Tom & "Jerry"',
    });
    expect(svg).toContain("GET /echo?a=&lt;b&gt;&amp;c");
    expect(svg).toContain("Tom &amp; &quot;Jerry&quot;");
    expect(svg).not.toContain("<b>");
  });

  test("draws an empty log as an axis saying there were no requests", () => {
    const svg = renderTimelineSvg([]);
    expect(svg).toContain(">no requests</text>");
    expect(svg).not.toContain("timeline-wait");
  });

  test("draws a request still in flight to the end of the axis", () => {
    const log = [...sequential, request(3, "/fault/hang", 1000, null, null)];
    const svg = renderTimelineSvg(log);
    expect(svg).toContain("GET /fault/hang on connection 3: still in flight");
    // From 1 s to the end of a 2 s axis: from 45% to 90% of the width.
    expect(svg).toMatch(/class="timeline-wait" x="45%" y="[\d.]+" width="45%"/);
  });

  test("gives different drawings different element ids", () => {
    const id = (svg: string) => /<title id="([^"]+)"/.exec(svg)?.[1];
    expect(id(renderTimelineSvg(sequential))).not.toBe(
      id(renderTimelineSvg(concurrent)),
    );
  });
});

describe("timelineLegend", () => {
  test("names the waiting and the sending part of a bar", () => {
    expect(timelineLegend(sequential).map((item) => item.key)).toEqual([
      "wait",
      "transfer",
    ]);
  });

  test("explains the end mark only when a request ended early", () => {
    const aborted = {
      ...request(2, "/delay/600", 0, null, 7),
      outcome: "aborted" as const,
    };
    expect(timelineLegend([aborted]).at(-1)).toEqual({
      key: "cut",
      text: "aborted by the client or reset before the end",
    });
  });
});
