// The local runner's refusals, one test each, and what it runs when asked
// properly: against the runner itself, over real HTTP, on loopback.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunnerEvent } from "../../src/lib/runner-protocol.ts";
import { startRunner, type Runner } from "../../src/runner/runner.ts";
import { call, events, firstEvent, send, SITE_ORIGIN } from "./helpers.ts";

const LESSONS = resolve(import.meta.dirname, "fixtures/lessons");
const LESSON = "01-runner-demo";
const TIME_LIMIT_MS = 4000;

let runner: Runner;
let folder: string;
let progressFile: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "runner-test-"));
  progressFile = join(folder, "progress.json");
  runner = await startRunner({
    lessonsRoot: LESSONS,
    progressFile,
    origins: [SITE_ORIGIN],
    timeLimitMs: TIME_LIMIT_MS,
  });
});

afterAll(async () => {
  await runner?.close();
  rmSync(folder, { recursive: true, force: true });
});

function lines(all: RunnerEvent[]): string[] {
  return all.flatMap((event) => (event.type === "line" ? [event.text] : []));
}

describe("the runner's refusals", () => {
  it("listens on loopback only", async () => {
    expect(new URL(runner.url).hostname).toBe("127.0.0.1");
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal);
    for (const address of others) {
      const refused = await new Promise<boolean>((resolveConnect) => {
        const socket = connect(runner.port, address?.address ?? "");
        socket.once("connect", () => {
          socket.destroy();
          resolveConnect(false);
        });
        socket.once("error", () => resolveConnect(true));
      });
      expect(refused, `reached on ${address?.address}`).toBe(true);
    }
  });

  it("refuses a foreign Host (DNS rebinding) with 403 and a reason", async () => {
    const { status, body } = await call(runner, {
      path: "/lessons",
      headers: { host: `attacker.example:${runner.port}` },
    });
    expect(status).toBe(403);
    expect(body["error"]).toMatch(
      /Host header "attacker\.example:\d+".*DNS rebinding/,
    );
  });

  it("refuses a foreign Origin (CSRF) with 403 and a reason", async () => {
    const { status, body } = await call(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "hello" },
      headers: { origin: "http://attacker.example" },
    });
    expect(status).toBe(403);
    expect(body["error"]).toMatch(/Origin "http:\/\/attacker\.example" is not/);
    expect(runner.busy()).toEqual([]);
  });

  it("refuses a request without an Origin", async () => {
    const { status, body } = await call(runner, {
      path: "/lessons",
      headers: { origin: undefined },
    });
    expect(status).toBe(403);
    expect(body["error"]).toMatch(/Origin null/);
  });

  it("refuses a preflight from a foreign Origin", async () => {
    const { status } = await call(runner, {
      method: "OPTIONS",
      path: "/run",
      headers: { origin: "http://attacker.example" },
    });
    expect(status).toBe(403);
  });

  it("answers a preflight from the site, which carries no secret", async () => {
    const response = await send(runner, {
      method: "OPTIONS",
      path: "/run",
      headers: { "x-workshop-secret": undefined },
    }).response;
    response.resume();
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(SITE_ORIGIN);
    expect(response.headers["access-control-allow-headers"]).toContain(
      "x-workshop-secret",
    );
  });

  it("requires the per-start secret", async () => {
    for (const secret of [undefined, "guessed", `${runner.config.secret}x`]) {
      const { status, body } = await call(runner, {
        path: "/progress",
        headers: { "x-workshop-secret": secret },
      });
      expect(status, String(secret)).toBe(403);
      expect(body["error"]).toMatch(/per-start secret is missing or wrong/);
    }
  });

  it("answers an unknown lesson with 404 and the list of lessons", async () => {
    for (const lesson of ["99-nope", "../../../etc/passwd", 1]) {
      const { status, body } = await call(runner, {
        method: "POST",
        path: "/run",
        body: { lesson, run: "hello" },
      });
      expect(status, String(lesson)).toBe(404);
      expect(body["lessons"]).toEqual([LESSON]);
    }
  });

  it("answers an unknown run with 404 and the lesson's runs, ignoring code sent", async () => {
    const { status, body } = await call(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "main.ts", code: "process.exit(3)" },
    });
    expect(status).toBe(404);
    expect(body["runs"]).toEqual(["hello", "hang"]);
    expect(body["error"]).toMatch(
      /has no run "main\.ts"; its runs are: hello, hang/,
    );
  });

  it("runs one run at a time per lesson (409 with a reason)", async () => {
    const first = send(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "hang" },
    });
    const response = await first.response;
    await firstEvent(response, "line");
    const second = await call(runner, {
      method: "POST",
      path: "/check",
      body: { lesson: LESSON },
    });
    expect(second.status).toBe(409);
    expect(second.body["error"]).toMatch(
      /lesson 01-runner-demo is busy: run hang is still going; one run at a time per lesson/,
    );
    first.abort();
    await vi.waitFor(() => expect(runner.busy()).toEqual([]));
  });

  it("stops a run when the page goes away (the client disconnects)", async () => {
    const started = send(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "hang" },
    });
    await firstEvent(await started.response, "line");
    expect(runner.busy()).toEqual([LESSON]);
    started.abort();
    // Well inside the time limit: the disconnect stopped it, not the limit.
    await vi.waitFor(() => expect(runner.busy()).toEqual([]), {
      timeout: TIME_LIMIT_MS / 2,
    });
    expect(runner.endings().at(-1)).toEqual({
      lesson: LESSON,
      what: "run hang",
      how: "stopped: the page left or pressed Stop",
    });
  });

  it("stops a run at its time limit and says so", async () => {
    const started = performance.now();
    const response = await send(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "hang" },
    }).response;
    const all = await events(response);
    const took = performance.now() - started;
    expect(all.at(-1)).toEqual({
      type: "stopped",
      reason: "stopped after 4 s: each run has a time limit of 4 s",
    });
    expect(took, `took ${Math.round(took)} ms`).toBeGreaterThanOrEqual(
      TIME_LIMIT_MS - 50,
    );
    expect(runner.endings().at(-1)?.how).toMatch(/^stopped after 4 s/);
    await vi.waitFor(() => expect(runner.busy()).toEqual([]));
  }, 20_000);
});

describe("what the runner runs", () => {
  it("lists the lessons with their runs and whether they have an exercise", async () => {
    const { status, body } = await call(runner, { path: "/lessons" });
    expect(status).toBe(200);
    expect(body["lessons"]).toEqual([
      { lesson: LESSON, runs: ["hello", "hang"], exercise: true },
    ]);
  });

  it("streams a declared run's lines and its request log as it goes", async () => {
    const response = await send(runner, {
      method: "POST",
      path: "/run",
      body: { lesson: LESSON, run: "hello" },
    }).response;
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/ndjson/);
    expect(response.headers["access-control-allow-origin"]).toBe(SITE_ORIGIN);
    const all = await events(response);
    expect(all[0]).toMatchObject({ type: "start", run: "hello" });
    expect(lines(all)).toEqual(["starting two requests", "both answered"]);
    const logs = all.filter((event) => event.type === "requests");
    const last = logs.at(-1);
    expect(
      last?.type === "requests" && last.requests.map((r) => r.path),
    ).toEqual(["/delay/30", "/delay/30"]);
    expect(all.at(-1)).toMatchObject({ type: "end" });
  }, 20_000);

  it("checks the learner's task.ts, records the failure and names the next hint", async () => {
    const response = await send(runner, {
      method: "POST",
      path: "/check",
      body: { lesson: LESSON, file: "solution.ts" },
    }).response;
    const all = await events(response);
    const verdict = all.at(-1);
    expect(verdict?.type).toBe("verdict");
    if (verdict?.type !== "verdict") return;
    // The task (one request after the other) ran, not the solution named.
    expect(verdict.verdict.passed).toBe(false);
    expect(verdict.verdict.observed).toBe("at most 1 in flight at once");
    expect(verdict.hint).toBe(1);
    expect(verdict.failures).toBe(1);
    const saved = JSON.parse(readFileSync(progressFile, "utf8")) as {
      lessons: Record<string, { failures: number; hintsSeen: number[] }>;
    };
    expect(saved.lessons[LESSON]).toMatchObject({
      failures: 1,
      hintsSeen: [1],
    });
  }, 20_000);

  it("marks a lesson done in the progress file and reads it back", async () => {
    const marked = await call(runner, {
      method: "POST",
      path: "/progress/done",
      body: { lesson: LESSON, done: true },
    });
    expect(marked.status).toBe(200);
    expect(marked.body["done"]).toEqual([LESSON]);
    const read = await call(runner, { path: "/progress" });
    expect(read.body["done"]).toEqual([LESSON]);
    const unknown = await call(runner, {
      method: "POST",
      path: "/progress/done",
      body: { lesson: "../x", done: true },
    });
    expect(unknown.status).toBe(404);
  });

  it("replaces the record with an imported one, and refuses one that is not", async () => {
    const record = { lessons: {}, done: [LESSON] };
    const put = await call(runner, {
      method: "PUT",
      path: "/progress",
      body: record,
    });
    expect(put.status).toBe(200);
    const bad = await call(runner, {
      method: "PUT",
      path: "/progress",
      body: { lessons: [] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(readFileSync(progressFile, "utf8"))).toEqual(record);
  });
});
