import { describe, expect, test } from "vitest";
import {
  legendOf,
  niceStep,
  renderLineChartSvg,
} from "../../src/lib/line-chart.ts";

describe("niceStep", () => {
  test("picks 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(300)).toBe(100);
    expect(niceStep(4000)).toBe(1000);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
  });
});

describe("renderLineChartSvg", () => {
  const series = [
    {
      name: "ignoring",
      unit: "MiB",
      points: [
        [0, 0],
        [1000, 256],
      ],
    },
    {
      name: "honouring",
      unit: "MiB",
      points: [
        [0, 0],
        [2000, 1],
      ],
    },
  ] satisfies Parameters<typeof renderLineChartSvg>[0];
  const svg = renderLineChartSvg(series, { title: "Buffered & <held>" });

  test("draws one path per series, each with its own dash", () => {
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(legendOf(series).map((l) => l.dash)).toEqual(["", "6 4"]);
  });

  test("puts the highest value at the top of the axis and escapes text", () => {
    // 256 rounds up to an axis of 300 (steps of 100).
    expect(svg).toContain(">300</text>");
    expect(svg).toContain('aria-label="Buffered &amp; &lt;held&gt;"');
    expect(svg).toContain(
      'text-anchor="end" fill="currentColor">2.00 s</text>',
    );
    expect(svg).toContain('text-anchor="start" fill="currentColor">0</text>');
  });
});
