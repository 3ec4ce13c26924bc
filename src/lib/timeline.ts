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

/** Text made safe inside SVG text and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// Layout of the SVG. It has no viewBox: one user unit is one CSS pixel, so
// text keeps its size on any screen, and the time axis is laid out in
// percentages of the drawing's width, so it stretches to fit. Each lane has
// its label above its bar, which leaves the whole width for the bars on a
// phone. Everything sits in a group moved right by MARGIN_LEFT; the axis
// spans PLOT_PERCENT of the width from there, which leaves room for the
// last tick's label at the right on a 20rem screen and a wide one alike.
const MARGIN_LEFT = 16;
const PLOT_PERCENT = 90;
const FONT_SIZE = 12;
const TOP = 6;
/** Label line, then the bar, then a gap. */
const LABEL_HEIGHT = 15;
const BAR_HEIGHT = 12;
const LANE_GAP = 7;
const LANE_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + LANE_GAP;
const AXIS_HEIGHT = 24;
const MAX_LABEL_CHARS = 44;
/** The sending part of a bar is drawn at least this wide (CSS px): most
 * responses go out within a millisecond of their first byte. */
export const MIN_TRANSFER_PX = 4;

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

export interface LegendItem {
  /** What the swatch shows: a bar's waiting part, its sending part, or
   * the mark of a request that ended early. */
  key: "wait" | "transfer" | "cut";
  text: string;
}

/** The legend drawn with a timeline: only the marks that it uses. */
export function timelineLegend(requests: RequestRecord[]): LegendItem[] {
  const items: LegendItem[] = [
    { key: "wait", text: "waiting for the first byte" },
    { key: "transfer", text: "sending the response" },
  ];
  if (requests.some((r) => endedEarly(r.outcome))) {
    items.push({
      key: "cut",
      text: "aborted by the client or reset before the end",
    });
  }
  return items;
}

/** Height of the drawing in CSS px, known before it is drawn (no shift). */
export function timelineHeight(requestCount: number): number {
  return TOP + Math.max(requestCount, 1) * LANE_HEIGHT + AXIS_HEIGHT;
}

export function renderTimelineSvg(
  requests: RequestRecord[],
  options: SvgOptions = {},
): string {
  const lanes = toLanes(requests);
  const summary = summarize(lanes);
  const spanMs = Math.max(summary.spanMs, options.axisMs ?? 1, 1);
  /** Position on the axis, as a percentage of the drawing's width. */
  const x = (ms: number) =>
    `${format((Math.min(Math.max(ms, 0), spanMs) / spanMs) * PLOT_PERCENT)}%`;
  const plotBottom = TOP + Math.max(lanes.length, 1) * LANE_HEIGHT;
  const height = timelineHeight(lanes.length);
  const title = options.title ?? "Request timeline";
  const description = describeTimeline(summary);

  const id = idFor(JSON.stringify([title, requests]));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="${height}" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc" class="timeline" ` +
      `font-family="ui-monospace,monospace" font-size="${FONT_SIZE}">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    `<g transform="translate(${MARGIN_LEFT} 0)">`,
  ];

  // Every other tick label is marked, so a narrow screen can hide them
  // (see global.css) and keep the rest from running into each other.
  const step = tickStep(spanMs);
  for (let tick = 0; tick * step <= spanMs; tick++) {
    const t = tick * step;
    const tx = x(t);
    const odd = tick % 2 === 1 ? " timeline-tick-odd" : "";
    parts.push(
      `<line x1="${tx}" y1="${TOP}" x2="${tx}" y2="${plotBottom}" style="${STYLE.grid}"/>`,
      `<text class="timeline-tick${odd}" x="${tx}" y="${plotBottom + 16}" text-anchor="middle" style="${STYLE.text}">${formatTick(t, spanMs)}</text>`,
    );
  }
  parts.push(
    `<line x1="0" y1="${plotBottom}" x2="${PLOT_PERCENT}%" y2="${plotBottom}" style="${STYLE.axis}"/>`,
  );

  if (lanes.length === 0) {
    parts.push(
      `<text x="${PLOT_PERCENT / 2}%" y="${TOP + LABEL_HEIGHT + 6}" text-anchor="middle" style="${STYLE.text}">no requests</text>`,
    );
  }

  lanes.forEach((lane, index) => {
    const y = TOP + index * LANE_HEIGHT;
    const barY = y + LABEL_HEIGHT;
    const end = endOf(lane, spanMs);
    const firstByte = lane.firstByte ?? end;
    const state =
      lane.end === null ? "still in flight" : formatMs(lane.end - lane.start);
    const cut = endedEarly(lane.outcome);
    const tooltip = `${lane.label} on connection ${lane.connectionId}: ${state}, status ${lane.status}${cut ? `, ${lane.outcome}` : ""}`;
    const widthOf = (from: number, to: number) =>
      `${format((Math.max(Math.min(to, spanMs) - Math.min(from, spanMs), 0) / spanMs) * PLOT_PERCENT)}%`;
    parts.push(
      `<g class="timeline-lane"><title>${escapeXml(tooltip)}</title>`,
      `<text class="timeline-label" x="0" y="${y + LABEL_HEIGHT - 4}" style="${STYLE.text}">${escapeXml(shorten(lane.label, MAX_LABEL_CHARS))}</text>`,
      // Waiting (arrival to first byte) in a light tone, sending in a dark
      // one. Once headers went out, the bar ends in a cap a few pixels wide,
      // drawn back from its end in a nested <svg> placed there, so the
      // sending shows however short it was.
      `<rect class="timeline-wait" x="${x(lane.start)}" y="${barY}" width="${widthOf(lane.start, firstByte)}" height="${BAR_HEIGHT}" style="${STYLE.wait}"/>`,
      `<rect class="timeline-transfer" x="${x(firstByte)}" y="${barY}" width="${widthOf(firstByte, end)}" height="${BAR_HEIGHT}" style="${STYLE.transfer}"/>`,
      `<svg class="timeline-end" x="${x(end)}" y="${barY}" overflow="visible">` +
        (lane.firstByte === null
          ? ""
          : `<rect x="-${MIN_TRANSFER_PX}" y="0" width="${MIN_TRANSFER_PX}" height="${BAR_HEIGHT}" style="${STYLE.transfer}"/>`) +
        (cut
          ? `<text class="timeline-cut" font-weight="bold" x="3" y="${BAR_HEIGHT - 2}" style="${STYLE.text}">✕</text>`
          : "") +
        "</svg>",
      "</g>",
    );
  });

  parts.push("</g>", "</svg>");
  return parts.join("\n");
}
