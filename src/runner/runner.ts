// The local runner that `npm start` runs beside the site: the served pages'
// Run and Check buttons ask it to run a lesson's declared runs, or the
// lesson's check on the learner's task.ts, and it streams what happens back
// (NDJSON, see src/lib/runner-protocol.ts). It also reads and writes the
// progress record the terminal's `npm run verify` keeps.
//
// Anything that can reach a local port can try it, so it refuses, with a
// 403 and a reason: a Host header that is not its own address (a page that
// rebound its name to 127.0.0.1, "DNS rebinding"), an Origin that is not the
// site's (another page posting to it), and a request without the per-start
// secret. It runs only what the lessons declare, named by lesson and run:
// never a path or code from the request.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadRuns } from "../cli/run-lesson.ts";
import { parseHints } from "../lib/hints.ts";
import { discoverLessons, type LessonInfo } from "../lib/lessons.ts";
import {
  DEFAULT_PROGRESS_FILE,
  loadProgress,
  saveProgress,
} from "../lib/progress.ts";
import {
  encodeEvent,
  SECRET_HEADER,
  type RunnerConfig,
  type RunnerEvent,
} from "../lib/runner-protocol.ts";
import {
  hintLevel,
  isProgress,
  markDone,
  recordHint,
  recordVerdict,
  type Progress,
} from "../lib/runner-progress.ts";
import { DEFAULT_LESSONS_ROOT } from "../lib/lessons.ts";
import type { WorkerMessage } from "./worker.ts";

const HOST = "127.0.0.1";
const WORKER = new URL("./worker.ts", import.meta.url).pathname;
const MAX_BODY_BYTES = 64 * 1024;
/** Lesson 12's ten thousand connections take a minute on a busy machine. */
export const DEFAULT_TIME_LIMIT_MS = 180_000;
/** A worker that reported its end but does not exit is stopped after this. */
const EXIT_GRACE_MS = 2000;

export interface RunnerOptions {
  /** Where the lessons are (the repository's lessons/ by default). */
  lessonsRoot?: string;
  /** The progress record (.workshop/progress.json by default). */
  progressFile?: string;
  /** The site's origins allowed to call, e.g. `http://127.0.0.1:4321`. */
  origins?: string[];
  /** Each run's and check's time limit. */
  timeLimitMs?: number;
}

export interface Runner {
  url: string;
  port: number;
  /** What the served pages carry: the runner's URL and secret. */
  config: RunnerConfig;
  /** Lets one more site origin call (a site served on a port picked later). */
  allowOrigin(origin: string): void;
  /** Lessons with a run or check going on now. */
  busy(): string[];
  /** How the latest runs and checks ended, oldest first: "ended" when the
   * run reported its end, else why the runner stopped it. */
  endings(): Ending[];
  close(): Promise<void>;
}

export interface Ending {
  lesson: string;
  what: string;
  how: string;
}

const ENDINGS_KEPT = 50;

interface LessonEntry {
  lesson: LessonInfo;
  runs: string[];
  exercise: boolean;
}

class HttpRefusal extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;
  constructor(
    status: number,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpRefusal(413, `the body is over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new HttpRefusal(400, "the body is not JSON");
  }
}

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === "object"
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

export async function startRunner(
  options: RunnerOptions = {},
): Promise<Runner> {
  const root = options.lessonsRoot ?? DEFAULT_LESSONS_ROOT;
  const progressFile = options.progressFile ?? DEFAULT_PROGRESS_FILE;
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const origins = new Set(options.origins ?? []);
  const secret = randomBytes(32).toString("base64url");
  const lessons = discoverLessons(root);
  const entries = new Map<string, Promise<LessonEntry>>();
  const jobs = new Map<string, { what: string; child: ChildProcess }>();
  const endings: Ending[] = [];
  let port = 0;

  function entry(dir: unknown): Promise<LessonEntry> {
    const lesson = lessons.find((l) => l.dir === dir);
    if (typeof dir !== "string" || !lesson) {
      const names = lessons.map((l) => l.dir);
      throw new HttpRefusal(
        404,
        `no lesson ${JSON.stringify(dir ?? null)}; the lessons are: ${names.join(", ")}`,
        { lessons: names },
      );
    }
    let known = entries.get(dir);
    if (!known) {
      known = (async () => ({
        lesson,
        runs: existsSync(join(lesson.path, "main.ts"))
          ? (await loadRuns(lesson)).map((run) => run.name)
          : [],
        exercise: existsSync(join(lesson.path, "exercise", "check.ts")),
      }))();
      entries.set(dir, known);
    }
    return known;
  }

  /** Why the request may not use the runner, or undefined if it may. */
  function refusal(request: IncomingMessage): string | undefined {
    const host = request.headers.host;
    const own = [`${HOST}:${port}`, `localhost:${port}`];
    if (host === undefined || !own.includes(host.toLowerCase())) {
      return (
        `refused: the Host header ${JSON.stringify(host ?? null)} is not ` +
        `this runner's address (${own[0]}); a page that reaches it under ` +
        "another name (DNS rebinding) may not use it"
      );
    }
    const origin = request.headers.origin;
    if (origin === undefined || !origins.has(origin)) {
      return (
        `refused: the Origin ${JSON.stringify(origin ?? null)} is not the ` +
        `workshop site's (${[...origins].join(" or ") || "none yet"}); only ` +
        "the pages npm start serves may use this runner"
      );
    }
    return undefined;
  }

  function corsHeaders(request: IncomingMessage): Record<string, string> {
    return {
      "access-control-allow-origin": request.headers.origin ?? "",
      vary: "origin",
    };
  }

  function answer(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    body: unknown,
  ): void {
    const text = `${JSON.stringify(body)}\n`;
    response.writeHead(status, {
      ...corsHeaders(request),
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    response.end(text);
  }

  function readProgress(): Progress {
    return loadProgress(progressFile).progress;
  }

  /** Records a check's verdict; which hint the page should open. */
  function recordCheck(
    lesson: LessonInfo,
    verdict: Extract<WorkerMessage, { type: "checked" }>["verdict"],
  ): RunnerEvent {
    if (verdict.notAnAttempt) {
      return { type: "verdict", verdict, hint: 0, failures: 0 };
    }
    let progress = recordVerdict(readProgress(), lesson.dir, verdict.passed);
    const failures = progress.lessons[lesson.dir]?.failures ?? 0;
    let hint = 0;
    if (!verdict.passed) {
      const file = join(lesson.path, "exercise", "hints.md");
      const count = existsSync(file)
        ? parseHints(readFileSync(file, "utf8"), file).length
        : 0;
      const named = verdict.hint;
      hint =
        named !== undefined && Number.isInteger(named) && named <= count
          ? named
          : hintLevel(failures, count);
      progress = recordHint(progress, lesson.dir, hint);
    }
    saveProgress(progress, progressFile);
    return { type: "verdict", verdict, hint, failures };
  }

  /** Runs a worker and streams its events; one job per lesson at a time. */
  function startJob(
    request: IncomingMessage,
    response: ServerResponse,
    lesson: LessonInfo,
    what: string,
    args: string[],
  ): void {
    const running = jobs.get(lesson.dir);
    if (running) {
      throw new HttpRefusal(
        409,
        `lesson ${lesson.dir} is busy: ${running.what} is still going; ` +
          "one run at a time per lesson, so wait for it to end or stop it",
      );
    }
    const child = fork(WORKER, args, {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      execArgv: [],
    });
    jobs.set(lesson.dir, { what, child });
    response.writeHead(200, {
      ...corsHeaders(request),
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    response.flushHeaders();
    const stderr: string[] = [];
    child.stdout?.resume();
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr.push(String(chunk));
      if (stderr.length > 20) stderr.shift();
    });
    let ended = false;
    const end = (how: string) => {
      ended = true;
      endings.push({ lesson: lesson.dir, what, how });
      if (endings.length > ENDINGS_KEPT) endings.shift();
    };
    const write = (event: RunnerEvent) => {
      if (!response.writableEnded) response.write(encodeEvent(event));
    };
    const stop = (reason: string) => {
      if (ended) return;
      end(reason);
      write({ type: "stopped", reason });
      child.kill("SIGKILL");
    };
    const limit = setTimeout(() => {
      const seconds = Math.round(timeLimitMs / 100) / 10;
      stop(
        `stopped after ${seconds} s: each run has a time limit of ${seconds} s`,
      );
    }, timeLimitMs);
    // The page went away (closed, reloaded, navigated) or its Stop button
    // aborted the stream: stop the run.
    response.once("close", () => {
      if (!response.writableEnded)
        stop("stopped: the page left or pressed Stop");
    });
    child.on("message", (message: WorkerMessage) => {
      if (ended) return;
      if (message.type === "checked") {
        try {
          write(recordCheck(lesson, message.verdict));
        } catch (error) {
          write({ type: "stopped", reason: (error as Error).message });
        }
      } else {
        write(message);
      }
      if (message.type !== "line" && message.type !== "requests") {
        if (message.type !== "start") {
          end("ended");
          setTimeout(() => child.kill("SIGKILL"), EXIT_GRACE_MS).unref();
        }
      }
    });
    child.once("close", (code, signal) => {
      clearTimeout(limit);
      jobs.delete(lesson.dir);
      if (!ended) {
        const reason =
          `the run ended without a result (exit ${code ?? signal})` +
          (stderr.length > 0 ? `: ${stderr.join("").trim()}` : "");
        end(reason);
        write({ type: "stopped", reason });
      }
      response.end();
    });
  }

  async function route(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    const method = request.method ?? "GET";
    if (method === "GET" && path === "/lessons") {
      const all = await Promise.all(lessons.map((l) => entry(l.dir)));
      return answer(request, response, 200, {
        lessons: all.map((e) => ({
          lesson: e.lesson.dir,
          runs: e.runs,
          exercise: e.exercise,
        })),
      });
    }
    if (method === "POST" && path === "/run") {
      const body = await readJson(request);
      const known = await entry(field(body, "lesson"));
      const run = field(body, "run");
      if (typeof run !== "string" || !known.runs.includes(run)) {
        throw new HttpRefusal(
          404,
          `lesson ${known.lesson.dir} has no run ${JSON.stringify(run ?? null)}; ` +
            `its runs are: ${known.runs.join(", ") || "none"}`,
          { runs: known.runs },
        );
      }
      return startJob(request, response, known.lesson, `run ${run}`, [
        "run",
        root,
        known.lesson.dir,
        run,
      ]);
    }
    if (method === "POST" && path === "/check") {
      const known = await entry(field(await readJson(request), "lesson"));
      if (!known.exercise) {
        throw new HttpRefusal(
          404,
          `lesson ${known.lesson.dir} has no exercise`,
        );
      }
      return startJob(request, response, known.lesson, "the check", [
        "check",
        root,
        known.lesson.dir,
      ]);
    }
    if (method === "GET" && path === "/progress") {
      return answer(request, response, 200, readProgress());
    }
    if (method === "POST" && path === "/progress/done") {
      const body = await readJson(request);
      const known = await entry(field(body, "lesson"));
      const done = field(body, "done");
      if (typeof done !== "boolean") {
        throw new HttpRefusal(400, "done must be true or false");
      }
      const progress = markDone(readProgress(), known.lesson.dir, done);
      saveProgress(progress, progressFile);
      return answer(request, response, 200, progress);
    }
    if (method === "PUT" && path === "/progress") {
      const body = await readJson(request);
      if (!isProgress(body)) {
        throw new HttpRefusal(400, "that does not look like workshop progress");
      }
      saveProgress(body, progressFile);
      return answer(request, response, 200, body);
    }
    throw new HttpRefusal(404, `no ${method} ${path} here`);
  }

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const refused = refusal(request);
    if (refused) {
      response.writeHead(403, {
        "content-type": "application/json; charset=utf-8",
      });
      response.end(`${JSON.stringify({ error: refused })}\n`);
      return;
    }
    if (request.method === "OPTIONS") {
      response.writeHead(204, {
        ...corsHeaders(request),
        "access-control-allow-methods": "GET, POST, PUT",
        "access-control-allow-headers": `content-type, ${SECRET_HEADER}`,
        "access-control-max-age": "600",
      });
      response.end();
      return;
    }
    const given = request.headers[SECRET_HEADER];
    if (!sameSecret(typeof given === "string" ? given : undefined, secret)) {
      return answer(request, response, 403, {
        error:
          "refused: the per-start secret is missing or wrong; reload the " +
          "page that npm start serves (each start has a new one)",
      });
    }
    try {
      await route(request, response);
    } catch (error) {
      if (response.headersSent) return void response.end();
      if (error instanceof HttpRefusal) {
        return answer(request, response, error.status, {
          error: error.message,
          ...error.extra,
        });
      }
      answer(request, response, 500, { error: (error as Error).message });
    }
  }

  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}`;
  return {
    url,
    port,
    config: { url, secret },
    allowOrigin: (origin) => void origins.add(origin),
    busy: () => [...jobs.keys()],
    endings: () => [...endings],
    close: async () => {
      for (const job of jobs.values()) job.child.kill("SIGKILL");
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
