// Draws a server request log as swimlanes, one lane per request: as SVG for
// the pages and as block characters for the terminal. Sequential code shows
// a staircase; concurrent code shows bars stacked on top of each other.
import type { RequestRecord } from "../server/types.ts";
import { formatMs } from "./format.ts";

export interface Lane {
  /** Method and path, e.g. "GET /delay/50". */
  label: string;
  connectionId: number;
  /** When the request arrived (ms on the log's clock). */
  start: number;
  /** When the response's headers went out; null if they never did. */
  firstByte: number | null;
  /** When the response ended; null while it is still in flight. */
  end: number | null;
  status: number;
  outcome: RequestRecord["outcome"];
}

/** A request that ended early: the client aborted it or the connection was
 * reset. Its bar ends with a mark, since its length alone looks like a
 * finished request's. */
export function endedEarly(outcome: RequestRecord["outcome"]): boolean {
  return outcome === "aborted" || outcome === "reset";
}

export function toLanes(requests: RequestRecord[]): Lane[] {
  return requests.map((r) => ({
    label: `${r.method} ${r.path}`,
    connectionId: r.connectionId,
    start: r.arrivedAt,
    firstByte: r.firstByteAt,
    end: r.finishedAt,
    status: r.status,
    outcome: r.outcome,
  }));
}

export interface TimelineSummary {
  count: number;
  /** The most requests in flight at the same moment. */
  peak: number;
  /** From 0 to the last moment the log knows of, in ms. */
  spanMs: number;
}

/** The axis runs from 0 to the latest time in the log; never zero wide. */
function spanOf(lanes: Lane[]): number {
  let latest = 0;
  for (const lane of lanes) {
    latest = Math.max(latest, lane.start, lane.firstByte ?? 0, lane.end ?? 0);
  }
  return latest;
}

/** An unfinished request counts as running until the end of the axis. */
function endOf(lane: Lane, spanMs: number): number {
  return lane.end ?? spanMs;
}

export function summarize(lanes: Lane[]): TimelineSummary {
  const spanMs = spanOf(lanes);
  // Ends sort before starts at the same instant: back-to-back is not overlap.
  const events = lanes
    .flatMap((l) => [
      { at: l.start, delta: 1 },
      { at: endOf(l, spanMs), delta: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let peak = 0;
  for (const event of events) {
    now += event.delta;
    peak = Math.max(peak, now);
  }
  return { count: lanes.length, peak, spanMs };
}

/** "3 requests, peak 3 at once, 1.01 s" */
export function describeTimeline(summary: TimelineSummary): string {
  if (summary.count === 0) return "no requests";
  const requests =
    summary.count === 1 ? "1 request" : `${summary.count} requests`;
  return `${requests}, peak ${summary.peak} at once, ${formatMs(summary.spanMs)}`;
}

/** A tick spacing of 1, 2 or 5 times a power of ten giving at most `maxTicks` gaps. */
export function tickStep(spanMs: number, maxTicks = 6): number {
  const rough = Math.max(spanMs, 1) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) {
    if (power * factor >= rough) return power * factor;
  }
  return power * 10;
}

/** Tick labels in seconds once the axis spans a second or more, else in ms. */
export function formatTick(ms: number, spanMs: number): string {
  if (spanMs >= 1000) return `${Number((ms / 1000).toFixed(3))} s`;
  return `${Number(ms.toFixed(3))} ms`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// Layout of the SVG in viewBox units; it scales to its container's width.
const WIDTH = 640;
const LABEL_WIDTH = 170;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 20;
const LANE_HEIGHT = 18;
const LANE_GAP = 6;
const TOP = 12;
const AXIS_HEIGHT = 34;
const MAX_LABEL_CHARS = 26;

// Mid tones read on light and dark pages alike; a page can override them.
const STYLE = {
  wait: "fill:var(--timeline-wait,#93a8d6)",
  transfer: "fill:var(--timeline-transfer,#2f6fdb)",
  text: "fill:var(--timeline-text,currentColor)",
  grid: "stroke:var(--timeline-grid,currentColor);stroke-opacity:0.25",
  axis: "stroke:var(--timeline-axis,currentColor);stroke-opacity:0.6",
};

function shorten(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** A stable id per drawing, so several timelines on one page do not clash. */
function idFor(text: string): string {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) {
    hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
  }
  return `timeline-${hash.toString(36)}`;
}

function format(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export interface SvgOptions {
  title?: string;
  /** Draw the axis at least this long, so that timelines shown together
   * share one scale (see `sharedAxisMs`). */
  axisMs?: number;
}

/** The axis length that fits every one of these runs' request logs. */
export function sharedAxisMs(runs: RequestRecord[][]): number {
  return Math.max(1, ...runs.map((run) => summarize(toLanes(run)).spanMs));
}

export function renderTimelineSvg(
  requests: RequestRecord[],
  options: SvgOptions = {},
): string {
  const lanes = toLanes(requests);
  const summary = summarize(lanes);
  const spanMs = Math.max(summary.spanMs, options.axisMs ?? 1, 1);
  const x = (ms: number) =>
    PLOT_LEFT + (Math.min(ms, spanMs) / spanMs) * (PLOT_RIGHT - PLOT_LEFT);
  const laneCount = Math.max(lanes.length, 1);
  const plotBottom = TOP + laneCount * (LANE_HEIGHT + LANE_GAP);
  const height = plotBottom + AXIS_HEIGHT;
  const title = options.title ?? "Request timeline";
  const description = describeTimeline(summary);

  const id = idFor(JSON.stringify([title, requests]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" ` +
      `width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
      `class="timeline" font-family="ui-monospace,monospace" font-size="11">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
  ];

  const step = tickStep(spanMs);
  for (let tick = 0; tick * step <= spanMs; tick++) {
    const t = tick * step;
    const tx = format(x(t));
    parts.push(
      `<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${plotBottom}" style="${STYLE.grid}"/>`,
      `<text x="${tx}" y="${plotBottom + 14}" text-anchor="middle" style="${STYLE.text}">${formatTick(t, spanMs)}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT_LEFT}" y1="${plotBottom}" x2="${PLOT_RIGHT}" y2="${plotBottom}" style="${STYLE.axis}"/>`,
  );

  if (lanes.length === 0) {
    parts.push(
      `<text x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${TOP + LANE_HEIGHT - 5}" text-anchor="middle" style="${STYLE.text}">no requests</text>`,
    );
  }

  lanes.forEach((lane, index) => {
    const y = TOP + index * (LANE_HEIGHT + LANE_GAP);
    const end = endOf(lane, spanMs);
    const firstByte = lane.firstByte ?? end;
    const state =
      lane.end === null ? "still in flight" : formatMs(lane.end - lane.start);
    const cut = endedEarly(lane.outcome);
    const tooltip = `${lane.label} on connection ${lane.connectionId}: ${state}, status ${lane.status}${cut ? `, ${lane.outcome}` : ""}`;
    parts.push(
      `<g class="timeline-lane"><title>${escapeXml(tooltip)}</title>`,
      `<text x="${LABEL_WIDTH}" y="${y + LANE_HEIGHT - 5}" text-anchor="end" style="${STYLE.text}">${escapeXml(shorten(lane.label, MAX_LABEL_CHARS))}</text>`,
      // Waiting (arrival to first byte) in a light tone, transfer in a dark one.
      `<rect class="timeline-wait" x="${format(x(lane.start))}" y="${y}" width="${format(Math.max(x(firstByte) - x(lane.start), 0))}" height="${LANE_HEIGHT}" style="${STYLE.wait}"/>`,
      `<rect class="timeline-transfer" x="${format(x(firstByte))}" y="${y}" width="${format(Math.max(x(end) - x(firstByte), 1))}" height="${LANE_HEIGHT}" style="${STYLE.transfer}"/>`,
      ...(cut
        ? [
            `<text class="timeline-cut" font-weight="bold" x="${format(x(end) + 3)}" y="${y + LANE_HEIGHT - 5}" style="${STYLE.text}">✕</text>`,
          ]
        : []),
      "</g>",
    );
  });

  parts.push(
    `<text x="${PLOT_RIGHT}" y="${height - 4}" text-anchor="end" style="${STYLE.text}">${escapeXml(description)}</text>`,
    "</svg>",
  );
  return parts.join("\n");
}

const ANSI = {
  wait: "\x1b[2;36m",
  transfer: "\x1b[36m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
};

export function renderTimelineText(
  requests: RequestRecord[],
  options: { width?: number; color?: boolean } = {},
): string {
  const width = Math.max(options.width ?? 50, 10);
  const lanes = toLanes(requests);
  const summary = summarize(lanes);
  if (lanes.length === 0) return "(no requests reached the server)";
  const spanMs = Math.max(summary.spanMs, 1);
  const column = (ms: number) =>
    Math.round((Math.min(ms, spanMs) / spanMs) * width);
  const paint = (code: string, text: string) =>
    options.color && text ? `${code}${text}${ANSI.reset}` : text;

  const labels = lanes.map((l) => shorten(l.label, 28));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const rows = lanes.map((lane, index) => {
    const end = endOf(lane, spanMs);
    const from = column(lane.start);
    const firstByte = column(lane.firstByte ?? end);
    // Every request gets at least one cell, however short it was.
    const to = Math.max(column(end), from + 1);
    const waiting = "░".repeat(Math.max(firstByte - from, 0));
    const transfer = "█".repeat(Math.max(to - Math.max(firstByte, from), 0));
    const bar =
      " ".repeat(from) +
      paint(ANSI.wait, waiting) +
      paint(ANSI.transfer, transfer);
    const padding = " ".repeat(Math.max(width + 1 - to, 0));
    const state =
      lane.end === null ? "in flight" : formatMs(lane.end - lane.start);
    const outcome =
      lane.outcome === "ok" || lane.outcome === "in-flight"
        ? ""
        : ` ${lane.outcome}`;
    return `${(labels[index] ?? "").padEnd(labelWidth)} │${bar}${padding}${paint(ANSI.dim, state + outcome)}`;
  });
  const total = formatMs(summary.spanMs);
  const axis = `${" ".repeat(labelWidth)} └${"─".repeat(width)} ${total}`;
  const legend = `${" ".repeat(labelWidth)}   ░ waiting  █ transfer  · ${describeTimeline(summary)}`;
  return [...rows, axis, legend].join("\n");
}
