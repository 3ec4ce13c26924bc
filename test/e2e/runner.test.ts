// The Run and Check buttons and the shared progress record, in a browser:
// the site served the way `npm start` serves it (a copy of dist/ whose pages
// name a runner, src/runner/setup.ts), and the static build as it is.
import AxeBuilder from "@axe-core/playwright";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Progress } from "../../src/lib/runner-progress.ts";
import { startSiteRunner, type SiteRunner } from "../../src/runner/setup.ts";
import { SCREENSHOT_DIR, useSite } from "./browser.ts";
import { serveStatic, type StaticSite } from "./static-server.ts";

const site = useSite();
const LESSON = "/lessons/sync-vs-async/";
const LESSON_ID = "01-sync-vs-async";

let runner: SiteRunner;
let served: StaticSite;
let folder: string;
let progressFile: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "runner-e2e-"));
  progressFile = join(folder, "progress.json");
  runner = await startSiteRunner(inject("distDir"), { progressFile });
  served = await serveStatic(runner.site.dir);
  runner.runner.allowOrigin(served.url);
});

afterAll(async () => {
  await served?.close();
  await runner?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function openServed(
  path: string,
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<{
  page: Page;
  errors: string[];
}> {
  const page = await (await site.context()).newPage();
  await beforeLoad?.(page);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`${served.url}${path}`);
  return { page, errors };
}

/** A screenshot of one box, where the other browser tests keep theirs. */
async function shoot(box: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await box.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

function readProgress(): Progress {
  return JSON.parse(readFileSync(progressFile, "utf8")) as Progress;
}

async function violations(page: Page, ...within: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  for (const selector of within) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`,
  );
}

describe("the site as npm start serves it", () => {
  it("runs a lesson's run from the page and streams its output and timeline", async () => {
    const { page, errors } = await openServed(LESSON);
    const box = page.locator(".run-it .runner");
    await expect.poll(() => box.isVisible()).toBe(true);
    await box.locator("select").selectOption("n-requests");
    await box.getByRole("button", { name: "Run", exact: true }).click();
    // The first line is on the page while the run still goes on: streamed,
    // not sent at the end.
    await page.waitForFunction(() => {
      const output = document.querySelector("[data-runner-output]");
      const start = document.querySelector<HTMLButtonElement>(
        "[data-runner-start]",
      );
      return (
        output?.textContent?.includes("5 requests:") === true &&
        !output.textContent.includes("wall time") &&
        start?.disabled === true
      );
    });
    await expect
      .poll(() => box.locator("[data-runner-status]").innerText())
      .toMatch(/^Done: the run on your machine/);
    const output = await box.locator("[data-runner-output]").innerText();
    expect(output).toMatch(/── n-requests: Five delays/);
    expect(output).toMatch(/sequential: .*\n.*\nconcurrent: /);
    expect(output).toMatch(/\(wall time [\d.]+ (ms|s)\)/);
    await expect(
      box.locator(".timeline-frame svg.timeline").count(),
    ).resolves.toBe(1);
    await shoot(box, "runner-run");
    expect(await violations(page, ".run-it")).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("stops the run when the learner presses Stop or leaves the page", async () => {
    for (const leave of ["stop", "navigate"]) {
      const { page, errors } = await openServed(LESSON);
      const box = page.locator(".run-it .runner");
      await expect.poll(() => box.isVisible()).toBe(true);
      await box.locator("select").selectOption("n-requests");
      await box.getByRole("button", { name: "Run", exact: true }).click();
      await expect
        .poll(() => box.locator("[data-runner-output]").innerText())
        .toContain("5 requests:");
      if (leave === "stop") {
        await box.getByRole("button", { name: "Stop", exact: true }).click();
        await expect
          .poll(() => box.locator("[data-runner-status]").innerText())
          .toBe("Stopped.");
      } else {
        await page.goto("about:blank");
      }
      await expect.poll(() => runner.runner.busy()).toEqual([]);
      // The runner stopped it: it did not run to its end.
      expect(runner.runner.endings().at(-1), leave).toEqual({
        lesson: LESSON_ID,
        what: "run n-requests",
        how: "stopped: the page left or pressed Stop",
      });
      expect(errors).toEqual([]);
    }
  }, 60_000);

  it("checks the learner's task.ts from the exercise box, with the verdict, timeline and next hint", async () => {
    const { page, errors } = await openServed(LESSON);
    const box = page.locator(".exercise .checker");
    await expect.poll(() => box.isVisible()).toBe(true);
    await box.getByRole("button", { name: "Check", exact: true }).click();
    const verdict = box.locator("[data-checker-verdict]");
    await expect
      .poll(() => verdict.isVisible(), { timeout: 45_000 })
      .toBe(true);
    // The committed task.ts is the stub: the check fails and says why.
    const text = await verdict.innerText();
    expect(text).toMatch(/^Not yet: the check failed\./);
    expect(text).toMatch(/Expected: /);
    expect(text).toMatch(/Observed: /);
    expect(text).toMatch(/The next hint, 1 of \d+, is open below/);
    await expect(
      page.locator("#exercise-hint-1").getAttribute("open"),
    ).resolves.toBe("");
    await expect(box.locator("svg.timeline").count()).resolves.toBe(1);
    expect(readProgress().lessons[LESSON_ID]).toMatchObject({
      failures: 1,
      passed: false,
      hintsSeen: [1],
    });
    await shoot(page.locator(".exercise"), "runner-check");
    expect(await violations(page, ".exercise")).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it("keeps lessons marked done in .workshop/progress.json, shown on every page", async () => {
    const { page, errors } = await openServed(LESSON);
    const tick = page.locator("input[data-progress]");
    await tick.check();
    await expect.poll(() => readProgress().done).toEqual([LESSON_ID]);
    // A browser that never ticked it (empty storage) sees it from the file.
    const fresh = await openServed("/");
    await expect
      .poll(() =>
        fresh.page
          .locator(`.course-map li[data-lesson-mark="${LESSON_ID}"]`)
          .getAttribute("data-done"),
      )
      .toBe("true");
    await tick.uncheck();
    await expect.poll(() => readProgress().done).toEqual([]);
    expect([...errors, ...fresh.errors]).toEqual([]);
  });

  it("keeps a tick made before the page's first read of the file has answered", async () => {
    // The page reads the file as it loads; here that answer, which says
    // "not done", reaches the page only after the learner has ticked.
    let answered = 0;
    const { page, errors } = await openServed(LESSON, (page) =>
      page.route(
        (url) => url.pathname === "/progress",
        async (route) => {
          if (route.request().method() !== "GET") return route.fallback();
          const response = await route.fetch();
          await new Promise((resolve) => setTimeout(resolve, 1500));
          await route.fulfill({ response });
          answered += 1;
        },
      ),
    );
    const tick = page.locator("input[data-progress]");
    await tick.check();
    await expect.poll(() => answered).toBeGreaterThan(0);
    await expect.poll(() => readProgress().done).toEqual([LESSON_ID]);
    await expect(tick.isChecked()).resolves.toBe(true);
    await expect(
      page
        .locator(`li[data-lesson-mark="${LESSON_ID}"]`)
        .first()
        .getAttribute("data-done"),
    ).resolves.toBe("true");
    await tick.uncheck();
    await expect.poll(() => readProgress().done).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("the static build", () => {
  it("shows no Run or Check buttons and asks nothing of any runner", async () => {
    const { page, errors } = await site.open(LESSON);
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(site.url("/"))) {
        elsewhere.push(request.url());
      }
    });
    await page.reload();
    await expect(page.locator(".run-it .runner").count()).resolves.toBe(1);
    await expect(page.locator(".run-it .runner").isHidden()).resolves.toBe(
      true,
    );
    await expect(page.locator(".checker").isHidden()).resolves.toBe(true);
    for (const name of ["Run", "Check", "Stop"]) {
      await expect(
        page.getByRole("button", { name, exact: true }).count(),
      ).resolves.toBe(0);
    }
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("exports the progress file and imports it into another browser", async () => {
    const { page, errors } = await site.open(LESSON);
    await page.locator("input[data-progress]").check();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export progress.json" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("progress.json");
    const file = join(folder, "exported.json");
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, "utf8")) as Progress;
    expect(exported).toEqual({ lessons: {}, done: [LESSON_ID] });

    const other = await site.open(LESSON);
    const tick = other.page.locator("input[data-progress]");
    await expect(tick.isChecked()).resolves.toBe(false);
    await other.page.locator("[data-progress-file]").setInputFiles(file);
    await expect.poll(() => tick.isChecked()).toBe(true);
    await expect(
      other.page.locator("[data-progress-status]").innerText(),
    ).resolves.toBe(
      "Imported exported.json: 1 lesson marked done, 0 exercises passed.",
    );
    await expect(
      other.page
        .locator(`.sidebar li[data-lesson-mark="${LESSON_ID}"]`)
        .getAttribute("data-done"),
    ).resolves.toBe("true");
    // What npm run verify wrote travels too, and comes back out.
    const record = {
      lessons: {
        [LESSON_ID]: {
          failures: 0,
          passed: true,
          lastVerifiedAt: "2026-01-02T03:04:05.000Z",
          hintsSeen: [1, 2],
        },
      },
      done: [LESSON_ID],
    };
    writeFileSync(file, JSON.stringify(record));
    await other.page.locator("[data-progress-file]").setInputFiles(file);
    await expect
      .poll(() => other.page.locator("[data-progress-status]").innerText())
      .toMatch(/1 exercise passed/);
    const [again] = await Promise.all([
      other.page.waitForEvent("download"),
      other.page.getByRole("button", { name: "Export progress.json" }).click(),
    ]);
    await again.saveAs(file);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(record);

    writeFileSync(file, '{"lessons": []}');
    await other.page.locator("[data-progress-file]").setInputFiles(file);
    await expect
      .poll(() => other.page.locator("[data-progress-status]").innerText())
      .toBe("Not imported: exported.json is not workshop progress.");
    await shoot(other.page.locator(".progress"), "runner-progress-static");
    expect(await violations(other.page, ".progress")).toEqual([]);
    expect([...errors, ...other.errors]).toEqual([]);
  });
});

describe("npm start", () => {
  it("serves pages that name its runner, which answers them and no one else", async () => {
    const { spawn } = await import("node:child_process");
    const { createInterface } = await import("node:readline");
    const start = new URL("../../src/cli/start.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, [start], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    try {
      let siteUrl = "";
      let runnerUrl = "";
      for await (const line of createInterface({ input: child.stdout })) {
        output.push(line);
        siteUrl = /^Site: (\S+)/.exec(line)?.[1] ?? siteUrl;
        runnerUrl = /use the runner at (\S+)\/\.$/.exec(line)?.[1] ?? runnerUrl;
        if (siteUrl && runnerUrl) break;
      }
      const html = await (
        await fetch(`${siteUrl}lessons/sync-vs-async/`)
      ).text();
      const content = /<meta name="workshop-runner" content="([^"]*)">/.exec(
        html,
      )?.[1];
      expect(content, output.join("\n")).toBeDefined();
      const config = JSON.parse((content ?? "").replaceAll("&quot;", '"')) as {
        url: string;
        secret: string;
      };
      expect(config.url).toBe(runnerUrl);
      const origin = siteUrl.replace(/\/$/, "");
      const ask = (headers: Record<string, string>) =>
        fetch(`${config.url}/lessons`, { headers });
      const asked = await ask({ origin, "x-workshop-secret": config.secret });
      expect(asked.status).toBe(200);
      const { lessons } = (await asked.json()) as {
        lessons: { lesson: string; runs: string[] }[];
      };
      expect(lessons.find((l) => l.lesson === LESSON_ID)?.runs).toContain(
        "n-requests",
      );
      const foreign = await ask({
        origin: "http://attacker.example",
        "x-workshop-secret": config.secret,
      });
      expect(foreign.status).toBe(403);
      await foreign.body?.cancel();
      // dist/ itself stays as built: no runner in a static copy.
      expect(
        readFileSync(
          join(inject("distDir"), "lessons/sync-vs-async/index.html"),
          "utf8",
        ),
      ).not.toContain("workshop-runner");
    } finally {
      child.kill("SIGINT");
      await new Promise((resolveExit) => child.once("exit", resolveExit));
    }
  }, 90_000);
});
