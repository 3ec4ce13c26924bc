// The lesson page's progress box (ProgressCheckbox.astro): the "I have done
// this lesson" tick, and export and import of the progress file. Served by
// `npm start`, both go through the local runner to .workshop/progress.json,
// the record `npm run verify` keeps; on a static copy they use this
// browser's storage, and export and import the same file.
import {
  DONE_LESSONS_KEY,
  markLesson,
  parseDoneLessons,
} from "./done-lessons.ts";
import {
  parseProgress,
  PROGRESS_RECORD_KEY,
  recordForExport,
  type Progress,
} from "./runner-progress.ts";

function doneHere(): Set<string> {
  return parseDoneLessons(localStorage.getItem(DONE_LESSONS_KEY));
}

function showDone(done: readonly string[]): void {
  localStorage.setItem(DONE_LESSONS_KEY, JSON.stringify([...done].sort()));
  document.dispatchEvent(new Event("site:progress"));
}

function download(progress: Progress): void {
  const blob = new Blob([`${JSON.stringify(progress, null, 2)}\n`], {
    type: "application/json",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "progress.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function summary(progress: Progress): string {
  const done = progress.done?.length ?? 0;
  const passed = Object.values(progress.lessons).filter((l) => l.passed).length;
  return (
    `${done} ${done === 1 ? "lesson" : "lessons"} marked done, ` +
    `${passed} ${passed === 1 ? "exercise" : "exercises"} passed`
  );
}

/** The runner's client and config on a served page; a static copy has no
 * runner meta (RUNNER_META of runner-protocol.ts) and loads no client. */
async function servedRunner() {
  if (!document.querySelector('meta[name="workshop-runner"]')) return undefined;
  const client = await import("./runner-client.ts");
  const config = client.findRunner();
  return config && { ...client, config };
}

/** Wires one progress box. Its listeners are in place at once, before the
 * runner's client has loaded, so a tick made early is saved, not lost. */
export function startProgressBox(root: HTMLElement): void {
  // A client that fails to load leaves the box to this browser's storage.
  const runner = servedRunner().catch(() => undefined);
  const box = root.querySelector<HTMLInputElement>("input[data-progress]");
  const status = root.querySelector<HTMLElement>("[data-progress-status]");
  const picker = root.querySelector<HTMLInputElement>("[data-progress-file]");
  if (!box || !status || !picker) return;
  const id = box.dataset["progress"] ?? "";
  const say = (text: string) => (status.textContent = text);
  box.checked = doneHere().has(id);
  let learnerChanged = false;
  const fileRead = runner
    .then((served) => served?.syncProgress(served.config))
    .then((progress) => {
      if (progress && !learnerChanged) {
        box.checked = (progress.done ?? []).includes(id);
      }
    })
    .catch(() => {});

  box.addEventListener("change", async () => {
    learnerChanged = true;
    const wanted = box.checked;
    const served = await runner;
    if (!served) {
      localStorage.setItem(
        DONE_LESSONS_KEY,
        markLesson(localStorage.getItem(DONE_LESSONS_KEY), id, wanted),
      );
      document.dispatchEvent(new Event("site:progress"));
      return;
    }
    // The page's first read of the file was sent before this tick; its
    // answer must land first, or it would put the older list in storage.
    await fileRead;
    try {
      const progress = await served.callRunner<Progress>(
        served.config,
        "POST",
        "/progress/done",
        { lesson: id, done: wanted },
      );
      showDone(progress.done ?? []);
    } catch (error) {
      box.checked = !wanted;
      say(`Not saved: ${(error as Error).message}`);
    }
  });

  root
    .querySelector("[data-progress-export]")
    ?.addEventListener("click", async () => {
      const served = await runner;
      try {
        const progress = served
          ? await served.callRunner<Progress>(served.config, "GET", "/progress")
          : recordForExport(
              localStorage.getItem(PROGRESS_RECORD_KEY),
              doneHere(),
            );
        download(progress);
        say(`Exported progress.json: ${summary(progress)}.`);
      } catch (error) {
        say(`Not exported: ${(error as Error).message}`);
      }
    });

  root
    .querySelector("[data-progress-import]")
    ?.addEventListener("click", () => picker.click());
  picker.addEventListener("change", async () => {
    const file = picker.files?.[0];
    picker.value = "";
    if (!file) return;
    learnerChanged = true;
    const served = await runner;
    await fileRead;
    const parsed = parseProgress(await file.text());
    if ("problem" in parsed) {
      say(`Not imported: ${file.name} is ${parsed.problem}.`);
      return;
    }
    try {
      const progress = served
        ? await served.callRunner<Progress>(
            served.config,
            "PUT",
            "/progress",
            parsed.progress,
          )
        : parsed.progress;
      if (!served) {
        localStorage.setItem(PROGRESS_RECORD_KEY, JSON.stringify(progress));
      }
      showDone(progress.done ?? []);
      box.checked = (progress.done ?? []).includes(id);
      say(`Imported ${file.name}: ${summary(progress)}.`);
    } catch (error) {
      say(`Not imported: ${(error as Error).message}`);
    }
  });
}
