// Draws measured series (memory over time, queue depth) as a line chart in
// SVG, for `<Chart run="...">`. Small on purpose: a few lines on one time
// axis and one value axis, readable at phone width.
import type { Series } from "./lesson-types.ts";
import { formatMs } from "./format.ts";
import { escapeXml } from "./timeline.ts";

const WIDTH = 420;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 14, bottom: 44, left: 52 };
// Distinguishable without colour too: each line has its own dash pattern.
const DASHES = ["", "6 4", "2 3", "10 3 2 3"];
const COLOURS = [
  "var(--accent)",
  "var(--warn)",
  "var(--python)",
  "var(--muted)",
];

/** 1, 2 or 5 times a power of ten, so that about `count` ticks fit. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].find((m) => m * power >= rough) ?? 10;
  return step * power;
}

function ticks(max: number): number[] {
  const step = niceStep(max);
  // The last tick is the first at or above `max`, so the axis covers it.
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

function number(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export interface ChartOptions {
  /** Read by screen readers: what the chart shows. */
  title: string;
}

/** The series as an SVG line chart; all series share one unit. */
export function renderLineChartSvg(
  series: Series[],
  { title }: ChartOptions,
): string {
  const points = series.flatMap((s) => s.points);
  const maxT = Math.max(1, ...points.map(([t]) => t));
  const maxV = Math.max(1, ...points.map(([, v]) => v));
  const tTicks = ticks(maxT);
  const vTicks = ticks(maxV);
  const axisT = tTicks[tTicks.length - 1] ?? maxT;
  const axisV = vTicks[vTicks.length - 1] ?? maxV;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number): number => MARGIN.left + (t / axisT) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - (v / axisV) * plotH;
  const f = (n: number): string => n.toFixed(1);
  const unit = series[0]?.unit ?? "";

  const grid = vTicks.map(
    (v) =>
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="currentColor" stroke-opacity="0.15"/>` +
      `<text x="${MARGIN.left - 6}" y="${f(y(v) + 4)}" text-anchor="end" fill="currentColor">${number(v)}</text>`,
  );
  // The first label sits right of its tick and the last one left of it, so
  // that neither runs off the edge of the picture.
  const anchorOf = (i: number): string =>
    i === 0 ? "start" : i === tTicks.length - 1 ? "end" : "middle";
  const timeLabels = tTicks.map(
    (t, i) =>
      `<text x="${f(x(t))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="${anchorOf(i)}" fill="currentColor">${t === 0 ? "0" : escapeXml(formatMs(t))}</text>`,
  );
  const lines = series.map((s, i) => {
    const d = s.points
      .map(([t, v], j) => `${j === 0 ? "M" : "L"}${f(x(t))} ${f(y(v))}`)
      .join(" ");
    const dash = DASHES[i % DASHES.length] ?? "";
    return (
      `<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2.5"` +
      `${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${escapeXml(s.name)}</title></path>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}" class="line-chart" font-family="ui-sans-serif,system-ui,sans-serif" font-size="13">`,
    `<title>${escapeXml(title)}</title>`,
    ...grid,
    ...timeLabels,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle" fill="currentColor">time since the start</text>`,
    `<text x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" fill="currentColor" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${escapeXml(unit)}</text>`,
    ...lines,
    "</svg>",
  ].join("");
}

/** The legend entries, for the figure's HTML (readable and selectable). */
export function legendOf(
  series: Series[],
): { name: string; colour: string; dash: string }[] {
  return series.map((s, i) => ({
    name: s.name,
    colour: COLOURS[i % COLOURS.length] ?? "currentColor",
    dash: DASHES[i % DASHES.length] ?? "",
  }));
}
