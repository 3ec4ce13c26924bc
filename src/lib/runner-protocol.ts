// What the page and the local runner (src/runner/) say to each other. The
// runner answers a run or a check with one JSON event per line (NDJSON), so
// that the page can show each line of output as it is printed. Browser-safe:
// no Node modules here.
import type { Verdict } from "./lesson-types.ts";
import type { RequestRecord } from "../server/types.ts";

/** The `<meta>` that `npm start` adds to the pages it serves; a static copy
 * of the site does not have it, and so shows no Run or Check buttons. */
export const RUNNER_META = "workshop-runner";

/** The request header that carries the per-start secret. */
export const SECRET_HEADER = "x-workshop-secret";

export interface RunnerConfig {
  /** The runner's base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** The per-start secret, sent in `SECRET_HEADER`. */
  secret: string;
}

/** A runner config read from the meta's content; undefined if unusable. */
export function parseRunnerConfig(
  content: string | null | undefined,
): RunnerConfig | undefined {
  if (!content) return undefined;
  try {
    const value = JSON.parse(content) as Partial<RunnerConfig> | null;
    if (typeof value?.url !== "string" || typeof value.secret !== "string") {
      return undefined;
    }
    const url = new URL(value.url);
    if (url.protocol !== "http:") return undefined;
    return { url: value.url.replace(/\/+$/, ""), secret: value.secret };
  } catch {
    return undefined;
  }
}

/** A verdict as the page shows it: the check's, plus what the runner adds. */
export interface PageVerdict extends Verdict {
  /** The verdict was about the file's exports, not an attempt. */
  notAnAttempt?: boolean;
}

/** A timeline of more requests than this is cut: no one reads 10,000 lanes,
 * and the log would cost the page more than the run. */
export const REQUESTS_SHOWN = 200;

export type RunnerEvent =
  /** A run started: its name and title. */
  | { type: "start"; run: string; title: string }
  /** One line the run printed. */
  | { type: "line"; text: string }
  /** The server's request log so far (the whole log each time, cut at
   * `REQUESTS_SHOWN`); `total` counts them all. */
  | { type: "requests"; requests: RequestRecord[]; total: number }
  /** The run ended; `error` says what it threw, if it did. */
  | { type: "end"; wallMs: number; error?: string }
  /** The check's verdict, and which hint (1-based) to open, 0 for none. */
  | { type: "verdict"; verdict: PageVerdict; hint: number; failures: number }
  /** The runner stopped the run or could not start it. */
  | { type: "stopped"; reason: string };

export function encodeEvent(event: RunnerEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Splits streamed text into complete lines: feed it chunks, it returns the
 * events whose line is complete and keeps the rest for the next chunk.
 */
export function eventSplitter(): (chunk: string) => RunnerEvent[] {
  let pending = "";
  return (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    return lines
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as RunnerEvent);
  };
}

/** A verdict's text with `code spans` apart, for the page to show safely. */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  return text
    .split("`")
    .map((part, index) => ({ code: index % 2 === 1, text: part }))
    .filter((part) => part.text !== "");
}
