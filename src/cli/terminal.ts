// How the CLI commands draw on the terminal: colour only on a TTY (and not
// under NO_COLOR), timelines as wide as the window allows.
import type { RequestRecord } from "../server/types.ts";
import { formatMs } from "../lib/format.ts";
import {
  describeTimeline,
  endedEarly,
  summarize,
  toLanes,
  type Lane,
} from "../lib/timeline.ts";

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env["NO_COLOR"];
}

/** Room for the bars once labels and durations have their columns. */
export function timelineWidth(columns: number | undefined): number {
  return Math.min(Math.max((columns ?? 80) - 46, 20), 60);
}

export function terminalTimeline(requests: RequestRecord[]): string {
  return drawTimeline(requests, {
    width: timelineWidth(process.stdout.columns),
    color: useColor(),
  });
}

export function bold(text: string): string {
  return useColor() ? `\x1b[1m${text}\x1b[0m` : text;
}

const ANSI = {
  wait: "\x1b[2;36m",
  transfer: "\x1b[36m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
};

/** Blank columns between the longest bar and the durations. */
export const TIMELINE_GAP = 2;
const MAX_LABEL = 28;

export interface DrawOptions {
  /** Columns for the bars (at least 10). */
  width?: number;
  color?: boolean;
}

/** How long a request took, or that it has not finished. */
function durationOf(lane: Lane): string {
  return lane.end === null ? "in flight" : formatMs(lane.end - lane.start);
}

/**
 * The server's request log as one row of block characters per request:
 * `░` while it waited for its first byte, `█` while its body went out. The
 * durations stand in a column of their own, right-aligned and clear of the
 * longest bar, with the whole span under them on the axis.
 */
export function drawTimeline(
  requests: RequestRecord[],
  options: DrawOptions = {},
): string {
  const lanes = toLanes(requests);
  if (lanes.length === 0) return "(no requests reached the server)";
  const width = Math.max(options.width ?? 50, 10);
  const summary = summarize(lanes);
  const spanMs = Math.max(summary.spanMs, 1);
  const cell = (ms: number) =>
    Math.round((Math.min(Math.max(ms, 0), spanMs) / spanMs) * width);
  const paint = (code: string, text: string) =>
    options.color && text ? `${code}${text}${ANSI.reset}` : text;

  const labels = lanes.map((lane) =>
    lane.label.length > MAX_LABEL
      ? `${lane.label.slice(0, MAX_LABEL - 1)}…`
      : lane.label,
  );
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const total = formatMs(summary.spanMs);
  const durations = lanes.map(durationOf);
  const durationWidth = Math.max(
    total.length,
    ...durations.map((d) => d.length),
  );
  const rows = lanes.map((lane, index) => {
    // Every request gets at least one cell, and no bar passes `width`.
    const from = Math.min(cell(lane.start), width - 1);
    const to = Math.max(cell(lane.end ?? spanMs), from + 1);
    const firstByte = Math.min(
      Math.max(cell(lane.firstByte ?? spanMs), from),
      to,
    );
    const bar =
      " ".repeat(from) +
      paint(ANSI.wait, "░".repeat(firstByte - from)) +
      paint(ANSI.transfer, "█".repeat(to - firstByte));
    const cut = endedEarly(lane.outcome) ? ` ✕ ${lane.outcome}` : "";
    const state = `${(durations[index] ?? "").padStart(durationWidth)}${cut}`;
    const gap = " ".repeat(width - to + TIMELINE_GAP);
    return `${(labels[index] ?? "").padEnd(labelWidth)} │${bar}${gap}${paint(ANSI.dim, state)}`;
  });
  const indent = " ".repeat(labelWidth);
  const axis = `${indent} └${"─".repeat(width)}${" ".repeat(TIMELINE_GAP)}${total.padStart(durationWidth)}`;
  const marks = lanes.some((lane) => endedEarly(lane.outcome))
    ? "  ✕ ended early"
    : "";
  const legend = `${indent}   ░ waiting  █ transfer${marks}  · ${describeTimeline(summary)}`;
  return [...rows, axis, legend].join("\n");
}

/**
 * A verdict's `code` spans for the terminal: coloured on a TTY, plain text
 * otherwise. Only spans within one line count; a lone backtick stays.
 */
export function inlineCode(text: string, color = useColor()): string {
  return text.replace(/`([^`\n]+)`/g, (_, code: string) =>
    color ? `\x1b[36m${code}\x1b[0m` : code,
  );
}
