// What the Run and Check buttons do on a page served by `npm start`
// (RunButton.astro, CheckButton.astro): the box stays hidden unless the page
// names a runner that knows the lesson; then a click streams the run's lines
// and the server's timeline into the page as they happen.
import { formatMs } from "./format.ts";
import {
  callRunner,
  findRunner,
  RunnerError,
  streamRunner,
  syncProgress,
  type LessonCatalogue,
} from "./runner-client.ts";
import {
  codeSpans,
  type PageVerdict,
  type RunnerEvent,
} from "./runner-protocol.ts";
import { renderTimelineSvg } from "./timeline.ts";
import type { RunnerConfig } from "./runner-protocol.ts";
import type { RequestRecord } from "../server/types.ts";

function part<T extends Element>(box: HTMLElement, name: string): T {
  const found = box.querySelector<T>(`[${name}]`);
  if (!found) throw new Error(`the runner box has no [${name}]`);
  return found;
}

function drawTimeline(
  holder: HTMLElement,
  requests: RequestRecord[],
  total: number,
  title: string,
): void {
  holder.hidden = false;
  const frame = holder.querySelector(".timeline-frame") ?? holder;
  const cut =
    total > requests.length
      ? `<p class="timeline-summary">The first ${requests.length} of ${total} requests.</p>`
      : "";
  // The SVG's text is escaped by renderTimelineSvg.
  frame.innerHTML = renderTimelineSvg(requests, { title }) + cut;
}

function why(error: unknown): string {
  if (error instanceof DOMException && error.name === "AbortError") {
    return "Stopped.";
  }
  if (error instanceof RunnerError) return error.message;
  return `The local runner did not answer (${(error as Error).message}); is npm start still running?`;
}

async function catalogue(
  runner: RunnerConfig,
  lesson: string,
): Promise<LessonCatalogue["lessons"][number] | undefined> {
  try {
    const known = await callRunner<LessonCatalogue>(runner, "GET", "/lessons");
    return known.lessons.find((entry) => entry.lesson === lesson);
  } catch {
    // No runner after all (stopped, or another start's page): no button.
    return undefined;
  }
}

/** Makes a "Run it yourself" box's Run button work, if a runner serves. */
export async function startRunBox(box: HTMLElement): Promise<void> {
  const runner = findRunner();
  if (!runner) return;
  const lesson = box.dataset["runnerLesson"] ?? "";
  const runs = (await catalogue(runner, lesson))?.runs ?? [];
  if (runs.length === 0) return;
  const start = part<HTMLButtonElement>(box, "data-runner-start");
  const stop = part<HTMLButtonElement>(box, "data-runner-stop");
  const select = part<HTMLSelectElement>(box, "data-runner-select");
  const status = part<HTMLElement>(box, "data-runner-status");
  const terminal = part<HTMLElement>(box, "data-runner-terminal");
  const output = part<HTMLElement>(box, "data-runner-output");
  const timeline = part<HTMLElement>(box, "data-runner-timeline");
  for (const name of runs) select.add(new Option(name, name));
  box.hidden = false;

  let controller: AbortController | undefined;
  // Leaving the page ends the stream, and with it the run.
  window.addEventListener("pagehide", () => controller?.abort());
  stop.addEventListener("click", () => controller?.abort());

  start.addEventListener("click", async () => {
    controller = new AbortController();
    const chosen = select.value ? [select.value] : runs;
    start.disabled = true;
    stop.hidden = false;
    output.textContent = "";
    terminal.hidden = false;
    status.textContent = "Running on your machine…";
    let title = "";
    let stopped: string | undefined;
    const show = (event: RunnerEvent) => {
      if (event.type === "start") {
        title = event.title;
        output.append(`── ${event.run}: ${event.title}\n`);
      } else if (event.type === "line") {
        output.append(`${event.text}\n`);
      } else if (event.type === "requests") {
        drawTimeline(timeline, event.requests, event.total, title);
      } else if (event.type === "end") {
        output.append(`(wall time ${formatMs(event.wallMs)})\n\n`);
        if (event.error) output.append(`The run threw: ${event.error}\n\n`);
      } else if (event.type === "stopped") {
        stopped = event.reason;
        output.append(`${event.reason}\n`);
      }
      output.scrollTop = output.scrollHeight;
    };
    try {
      for (const run of chosen) {
        await streamRunner(
          runner,
          "/run",
          { lesson, run },
          show,
          controller.signal,
        );
        if (stopped) break;
      }
      status.textContent =
        stopped ??
        `Done: ${chosen.length === 1 ? "the run" : `${chosen.length} runs`} ` +
          "on your machine, against a bundled server of its own.";
    } catch (error) {
      status.textContent = why(error);
    } finally {
      start.disabled = false;
      stop.hidden = true;
      controller = undefined;
    }
  });
}

function spans(text: string): Node[] {
  return codeSpans(text).map((piece) => {
    if (!piece.code) return document.createTextNode(piece.text);
    const code = document.createElement("code");
    code.textContent = piece.text;
    return code;
  });
}

function paragraph(label: string, text: string): HTMLElement {
  const p = document.createElement("p");
  const strong = document.createElement("strong");
  strong.textContent = `${label}: `;
  p.append(strong, ...spans(text));
  return p;
}

function showVerdict(
  holder: HTMLElement,
  verdict: PageVerdict,
  hint: number,
  hints: HTMLDetailsElement[],
): void {
  holder.hidden = false;
  holder.dataset["passed"] = String(verdict.passed);
  const head = document.createElement("p");
  head.className = "checker-head";
  head.textContent = verdict.passed
    ? "Passed: your task.ts does what the exercise asks. Progress saved."
    : verdict.notAnAttempt
      ? "Not checked: the file's exports are not the stub's (this did not count as an attempt)."
      : "Not yet: the check failed.";
  const parts: Node[] = [
    head,
    paragraph("Expected", verdict.expected),
    paragraph("Observed", verdict.observed),
  ];
  if (verdict.details && verdict.details.length > 0) {
    const list = document.createElement("ul");
    for (const line of verdict.details) {
      const item = document.createElement("li");
      item.append(...spans(line));
      list.append(item);
    }
    parts.push(list);
  }
  const shown = hints[hint - 1];
  if (shown) {
    // The hint is on the page already, folded: open it and point to it.
    shown.open = true;
    const p = document.createElement("p");
    const link = document.createElement("a");
    link.href = `#${shown.id}`;
    link.textContent = shown.querySelector("summary")?.textContent ?? "";
    p.append(
      `The next hint, ${hint} of ${hints.length}, is open below: `,
      link,
    );
    parts.push(p);
  }
  holder.replaceChildren(...parts);
}

/** Makes the exercise box's Check button work, if a runner serves. */
export async function startCheckBox(box: HTMLElement): Promise<void> {
  const runner = findRunner();
  if (!runner) return;
  const lesson = box.dataset["checkerLesson"] ?? "";
  if (!(await catalogue(runner, lesson))?.exercise) return;
  const start = part<HTMLButtonElement>(box, "data-checker-start");
  const status = part<HTMLElement>(box, "data-checker-status");
  const verdictHolder = part<HTMLElement>(box, "data-checker-verdict");
  const timeline = part<HTMLElement>(box, "data-runner-timeline");
  const hints = [
    ...(
      box.closest(".exercise") ?? document
    ).querySelectorAll<HTMLDetailsElement>("details.hint"),
  ];
  box.hidden = false;
  try {
    const entry = (await syncProgress(runner)).lessons[lesson];
    if (entry?.passed) {
      status.textContent = "Your task.ts has passed this check before.";
    }
  } catch {
    // The record is a nicety here; the button works without it.
  }

  let controller: AbortController | undefined;
  window.addEventListener("pagehide", () => controller?.abort());
  start.addEventListener("click", async () => {
    controller = new AbortController();
    start.disabled = true;
    status.textContent = "Checking your task.ts on your machine…";
    let result = "";
    try {
      await streamRunner(
        runner,
        "/check",
        { lesson },
        (event) => {
          if (event.type === "requests") {
            drawTimeline(
              timeline,
              event.requests,
              event.total,
              "Your task.ts under the check",
            );
          } else if (event.type === "verdict") {
            showVerdict(verdictHolder, event.verdict, event.hint, hints);
            result = event.verdict.passed
              ? "Passed."
              : event.verdict.notAnAttempt
                ? "Not checked."
                : `Not yet (${event.failures} failed in a row).`;
          } else if (event.type === "stopped") {
            result = event.reason;
          }
        },
        controller.signal,
      );
      status.textContent = result || "The check ended without a verdict.";
    } catch (error) {
      status.textContent = why(error);
    } finally {
      start.disabled = false;
      controller = undefined;
    }
  });
}
