// How the CLI commands draw on the terminal: colour only on a TTY (and not
// under NO_COLOR), timelines as wide as the window allows.
import type { RequestRecord } from "../server/types.ts";
import { renderTimelineText } from "../lib/timeline.ts";

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env["NO_COLOR"];
}

/** Room for the bars once labels and durations have their columns. */
export function timelineWidth(columns: number | undefined): number {
  return Math.min(Math.max((columns ?? 80) - 46, 20), 60);
}

export function terminalTimeline(requests: RequestRecord[]): string {
  return renderTimelineText(requests, {
    width: timelineWidth(process.stdout.columns),
    color: useColor(),
  });
}

export function bold(text: string): string {
  return useColor() ? `\x1b[1m${text}\x1b[0m` : text;
}
