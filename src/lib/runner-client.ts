// The page's side of the local runner: finds it (only pages served by
// `npm start` name one), calls it, and reads a streamed run or check event
// by event. Browser code: the Run and Check buttons and the progress
// checkbox import it; a static copy of the site never calls anything.
import {
  eventSplitter,
  parseRunnerConfig,
  RUNNER_META,
  SECRET_HEADER,
  type RunnerConfig,
  type RunnerEvent,
} from "./runner-protocol.ts";
import { DONE_LESSONS_KEY } from "./done-lessons.ts";
import type { Progress } from "./runner-progress.ts";

/** The runner named by the page's `<meta>`, or undefined on a static copy. */
export function findRunner(doc: Document = document): RunnerConfig | undefined {
  const meta = doc.querySelector(`meta[name="${RUNNER_META}"]`);
  return parseRunnerConfig(meta?.getAttribute("content"));
}

/** What the runner said when it refused or failed. */
export class RunnerError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function refusal(response: Response): Promise<RunnerError> {
  let reason = `the runner answered ${response.status}`;
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string") reason = body.error;
  } catch {
    // The status says enough.
  }
  return new RunnerError(response.status, reason);
}

function request(
  runner: RunnerConfig,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { [SECRET_HEADER]: runner.secret };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${runner.url}${path}`, {
    method,
    headers,
    cache: "no-store",
    ...(body !== undefined && { body: JSON.stringify(body) }),
    ...(signal && { signal }),
  });
}

/** A JSON answer from the runner; a refusal throws a RunnerError. */
export async function callRunner<T>(
  runner: RunnerConfig,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await request(runner, method, path, body);
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

/** Posts to a streaming route and calls `onEvent` for each event as it
 * arrives; resolves when the stream ends. Aborting `signal` stops the run. */
export async function streamRunner(
  runner: RunnerConfig,
  path: string,
  body: unknown,
  onEvent: (event: RunnerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await request(runner, "POST", path, body, signal);
  if (!response.ok || !response.body) throw await refusal(response);
  const split = eventSplitter();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const event of split(value)) onEvent(event);
  }
}

export interface LessonCatalogue {
  lessons: { lesson: string; runs: string[]; exercise: boolean }[];
}

let pageRead: Promise<Progress> | undefined;

/** The record in the progress file as this page found it, with the lessons
 * marked done copied to this browser's storage, so that every page's ticks
 * show them. Read once per page: both boxes ask, and a second read answered
 * after the learner's tick would put the older record back. */
export function syncProgress(runner: RunnerConfig): Promise<Progress> {
  pageRead ??= callRunner<Progress>(runner, "GET", "/progress").then(
    (progress) => {
      localStorage.setItem(
        DONE_LESSONS_KEY,
        JSON.stringify(progress.done ?? []),
      );
      document.dispatchEvent(new Event("site:progress"));
      return progress;
    },
  );
  return pageRead;
}
