// A child process of the local runner (runner.ts): runs one declared run of
// a lesson, or the lesson's check on the learner's `exercise/task.ts`,
// against a bundled server of its own, and reports over IPC as it goes. A
// fresh process each time, so that an edited task.ts is loaded afresh and a
// run that hangs can be stopped by ending the process.
//
//   worker.ts run <lessons root> <lesson folder> <run name>
//   worker.ts check <lessons root> <lesson folder>
import { connect } from "../cli/connect.ts";
import { runCheck } from "../cli/run-check.ts";
import { findRun, loadRuns, runLessonRun } from "../cli/run-lesson.ts";
import { discoverLessons, type LessonInfo } from "../lib/lessons.ts";
import type { LessonRun } from "../lib/lesson-types.ts";
import { REQUESTS_SHOWN, type RunnerEvent } from "../lib/runner-protocol.ts";
import type { ServerClient } from "../server/types.ts";

/** What the worker sends: a page event, or the check's verdict for the
 * runner to record before it goes to the page. */
export type WorkerMessage =
  RunnerEvent | { type: "checked"; verdict: RunnerVerdict };

type RunnerVerdict = Awaited<ReturnType<typeof runCheck>>;

const POLL_MS = 200;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sends the server's request log whenever it changed, until stopped. */
function watchRequests(client: ServerClient): () => Promise<void> {
  let last = "";
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const stats = await client.stats();
    const all = stats.requests.filter((r) => !r.path.startsWith("/stats"));
    const requests = all.slice(0, REQUESTS_SHOWN);
    const text = JSON.stringify(requests);
    if (text === last) return;
    last = text;
    await send({ type: "requests", requests, total: all.length });
  };
  const timer = setInterval(() => {
    polling = polling.then(poll).catch(() => {});
  }, POLL_MS);
  return async () => {
    clearInterval(timer);
    await polling;
    await poll().catch(() => {});
  };
}

/** The run with its printed lines sent as they are printed. */
function streamed(run: LessonRun): LessonRun {
  return {
    ...run,
    run: (ctx) =>
      run.run({
        ...ctx,
        print: (line) => {
          ctx.print(line);
          void send({ type: "line", text: String(line) });
        },
      }),
  };
}

async function runOne(lesson: LessonInfo, name: string): Promise<void> {
  const run = findRun(lesson, await loadRuns(lesson), name);
  const connection = await connect();
  const controller = new AbortController();
  process.once("SIGTERM", () => controller.abort(new Error("stopped")));
  try {
    await send({ type: "start", run: run.name, title: run.title });
    const stop = watchRequests(connection.client);
    const outcome = await runLessonRun(streamed(run), {
      client: connection.client,
      signal: controller.signal,
    });
    await stop();
    await send({
      type: "end",
      wallMs: Math.round(outcome.wallMs * 100) / 100,
      ...(outcome.error !== undefined && { error: message(outcome.error) }),
    });
  } finally {
    await connection.close();
  }
}

async function checkTask(lesson: LessonInfo): Promise<void> {
  const connection = await connect();
  try {
    const stop = watchRequests(connection.client);
    const verdict = await runCheck(lesson, "task.ts", connection.client);
    await stop();
    await send({ type: "checked", verdict });
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const [mode, root, dir, name] = process.argv.slice(2);
  const lesson = discoverLessons(root).find((l) => l.dir === dir);
  if (!lesson) throw new Error(`no lesson ${dir} under ${root}`);
  if (mode === "run" && name !== undefined) await runOne(lesson, name);
  else if (mode === "check") await checkTask(lesson);
  else throw new Error(`usage: worker.ts run|check <root> <lesson> [run]`);
}

try {
  await main();
} catch (error) {
  await send({ type: "stopped", reason: message(error) });
  process.exitCode = 1;
} finally {
  process.disconnect?.();
}
