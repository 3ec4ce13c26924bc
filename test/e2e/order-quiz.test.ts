// The predict-the-order quizzes in the browser: solved with the keyboard,
// a line put wrong and its reason shown, dragged with the mouse, kept over
// a reload, readable without JavaScript, axe clean in light and dark, and
// shipped only by the pages that have one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { describe, expect, inject, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { SCREENSHOT_DIR, useSite } from "./browser.ts";

const site = useSite();

const PAGE = "/lessons/event-loop/";
const QUIZ = "#quiz-ordering-queued-inside-an-i-o-callback";

interface AnswerLine {
  label: string;
  reason: string;
}

async function answerOf(quiz: Locator): Promise<AnswerLine[]> {
  return JSON.parse(
    (await quiz.getAttribute("data-answer")) ?? "[]",
  ) as AnswerLine[];
}

/** The labels in the order the quiz shows them now. */
async function shownOrder(quiz: Locator): Promise<string[]> {
  return quiz
    .locator("[data-quiz-list] > li code")
    .evaluateAll((codes) => codes.map((code) => code.textContent ?? ""));
}

function line(quiz: Locator, label: string): Locator {
  return quiz.locator("button.order-quiz-line", {
    has: quiz.page().getByText(label, { exact: true }),
  });
}

/** Puts every line in the recorded order, with Space and the arrows only. */
async function solveWithKeyboard(page: Page, quiz: Locator): Promise<void> {
  const answer = (await answerOf(quiz)).map((entry) => entry.label);
  for (const [place, label] of answer.entries()) {
    const now = (await shownOrder(quiz)).indexOf(label);
    if (now === place) continue;
    await line(quiz, label).focus();
    await page.keyboard.press("Space");
    await expect
      .poll(() => quiz.locator("[data-quiz-moves]").textContent())
      .toContain(`Picked up "${label}"`);
    for (let i = now; i > place; i--) await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Space");
    await expect
      .poll(() => quiz.locator("[data-quiz-moves]").textContent())
      .toBe(`Dropped "${label}" at line ${place + 1} of ${answer.length}.`);
  }
  expect(await shownOrder(quiz)).toEqual(answer);
}

async function checkWithKeyboard(page: Page, quiz: Locator): Promise<void> {
  await quiz.locator("[data-quiz-check]").focus();
  await page.keyboard.press("Enter");
}

async function quizScreenshot(quiz: Locator, name: string): Promise<void> {
  await quiz.scrollIntoViewIfNeeded();
  await quiz.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

describe("predict-the-order quizzes", () => {
  it("starts shuffled, and is solved with the keyboard alone", async () => {
    const { page, errors } = await site.open(PAGE);
    const quiz = page.locator(QUIZ);
    const answer = (await answerOf(quiz)).map((entry) => entry.label);
    expect(answer).toEqual([
      "synchronous code",
      "process.nextTick",
      "promise.then",
      "queueMicrotask",
      "setImmediate",
      "setTimeout 0",
    ]);
    expect(await shownOrder(quiz)).not.toEqual(answer);
    await quizScreenshot(quiz, "order-quiz-start");

    await solveWithKeyboard(page, quiz);
    await checkWithKeyboard(page, quiz);
    await expect
      .poll(() => quiz.locator("[data-quiz-result]").textContent())
      .toBe("Right: all 6 lines are in the order the run printed them.");
    expect(await quiz.locator("li[data-state='in-place']").count()).toBe(6);
    // Solved, every line says why it comes where it does.
    const reasons = await quiz
      .locator("[data-quiz-list] .order-quiz-why")
      .evaluateAll((all) => all.map((why) => why.textContent));
    expect(reasons).toEqual((await answerOf(quiz)).map((line) => line.reason));
    await quizScreenshot(quiz, "order-quiz-solved");
    expect(errors).toEqual([]);
  });

  it("says why a line put in the wrong place belongs elsewhere", async () => {
    const { page } = await site.open(PAGE, { colorScheme: "dark" });
    const quiz = page.locator(QUIZ);
    await solveWithKeyboard(page, quiz);
    const answer = await answerOf(quiz);
    const timer = answer.find((entry) => entry.label === "setTimeout 0");
    // The timer, last in the recording, is moved to the top.
    await line(quiz, "setTimeout 0").focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Home");
    await page.keyboard.press("Space");
    expect((await shownOrder(quiz))[0]).toBe("setTimeout 0");
    await checkWithKeyboard(page, quiz);

    const item = quiz.locator("[data-quiz-list] > li").first();
    await expect
      .poll(() => item.getAttribute("data-state"))
      .toBe("out-of-place");
    const why = await item.locator(".order-quiz-why").textContent();
    expect(why).toContain("Out of place: the run printed it as line 6.");
    expect(why).toContain(timer?.reason);
    // Only the line that was moved is marked, not the five it pushed down.
    expect(await quiz.locator("li[data-state='out-of-place']").count()).toBe(1);
    expect(await quiz.locator("li[data-state='in-place']").count()).toBe(5);
    expect(await quiz.locator(".order-quiz-why:visible").count()).toBe(1);
    expect(await quiz.locator("[data-quiz-result]").textContent()).toBe(
      "5 of 6 lines are in order. The lines out of place say why.",
    );
    await quizScreenshot(quiz, "order-quiz-wrong-dark");

    // Moving a line again clears the verdict, which no longer applies.
    await line(quiz, "setTimeout 0").focus();
    await page.keyboard.press("Alt+ArrowDown");
    expect(await item.getAttribute("data-state")).toBeNull();
    expect(await quiz.locator("[data-quiz-result]").textContent()).toBe("");
  });

  it("moves a line with the mouse, and keeps the order over a reload", async () => {
    const { page } = await site.open(PAGE);
    const quiz = page.locator(QUIZ);
    const before = await shownOrder(quiz);
    const first = quiz.locator("button.order-quiz-line").first();
    const last = quiz.locator("button.order-quiz-line").last();
    await first.scrollIntoViewIfNeeded();
    const from = await first.boundingBox();
    const to = await last.boundingBox();
    if (!from || !to) throw new Error("the quiz lines have no boxes");
    await page.mouse.move(from.x + 40, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, to.y + to.height - 2, { steps: 12 });
    await page.mouse.up();
    const after = [...before.slice(1), before[0]];
    expect(await shownOrder(quiz)).toEqual(after);

    await page.reload();
    expect(await shownOrder(page.locator(QUIZ))).toEqual(after);
    await page.locator(QUIZ).locator("[data-quiz-reset]").click();
    expect(await shownOrder(page.locator(QUIZ))).toEqual(before);
  });

  it("moves a line by its grip on a touch screen", async () => {
    const { page } = await site.open(PAGE, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const quiz = page.locator(QUIZ);
    const before = await shownOrder(quiz);
    const grip = quiz.locator(".order-quiz-grip").last();
    const target = quiz.locator("button.order-quiz-line").first();
    await grip.scrollIntoViewIfNeeded();
    const from = await grip.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error("the quiz lines have no boxes");
    // A finger on the grip of the last line, drawn up above the first.
    const cdp = await page.context().newCDPSession(page);
    const x = from.x + from.width / 2;
    const touch = async (
      type: "touchStart" | "touchMove" | "touchEnd",
      y: number,
    ): Promise<void> => {
      await cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: type === "touchEnd" ? [] : [{ x, y }],
      });
    };
    await touch("touchStart", from.y + from.height / 2);
    for (let step = 1; step <= 10; step++) {
      const y = from.y + ((to.y + 2 - from.y) * step) / 10;
      await touch("touchMove", y);
    }
    await touch("touchEnd", to.y + 2);
    const after = [before.at(-1) ?? "", ...before.slice(0, -1)];
    await expect.poll(() => shownOrder(quiz)).toEqual(after);
  });

  it("puts a picked-up line back with Escape", async () => {
    const { page } = await site.open(PAGE);
    const quiz = page.locator(QUIZ);
    const before = await shownOrder(quiz);
    const label = before[0] ?? "";
    await line(quiz, label).focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect((await shownOrder(quiz))[2]).toBe(label);
    await page.keyboard.press("Escape");
    expect(await shownOrder(quiz)).toEqual(before);
    expect(await quiz.locator("[data-quiz-moves]").textContent()).toBe(
      `Put "${label}" back at line 1 of 6.`,
    );
    expect(await line(quiz, label).getAttribute("aria-pressed")).toBe("false");
  });

  it("shows the lines and the recorded order without JavaScript", async () => {
    const { page } = await site.open(PAGE, { javaScriptEnabled: false });
    const quiz = page.locator(QUIZ);
    expect(await quiz.locator("button.order-quiz-line").count()).toBe(0);
    expect(await quiz.locator("[data-quiz-list] > li").count()).toBe(6);
    expect(await quiz.locator("[data-quiz-check]").isVisible()).toBe(false);
    await quiz.locator("details summary").click();
    const answer = await quiz
      .locator("details li code")
      .evaluateAll((codes) => codes.map((code) => code.textContent));
    expect(answer[0]).toBe("synchronous code");
    expect(answer.at(-1)).toBe("setTimeout 0");
    await quizScreenshot(quiz, "order-quiz-no-js");
  });

  for (const colorScheme of ["light", "dark"] as const) {
    it(`passes axe in ${colorScheme}, picked up and checked`, async () => {
      const { page } = await site.open(PAGE, { colorScheme });
      const quiz = page.locator(QUIZ);
      await checkWithKeyboard(page, quiz);
      await quiz.locator("details").evaluate((details) => {
        details.setAttribute("open", "");
      });
      await quiz.locator("button.order-quiz-line").first().focus();
      await page.keyboard.press("Space");
      const results = await new AxeBuilder({ page })
        .include("[data-order-quiz]")
        .analyze();
      expect(
        results.violations.map(
          (violation) =>
            `${violation.id}: ${violation.help} (${violation.nodes
              .map((node) => node.target.join(" "))
              .join(", ")})`,
        ),
      ).toEqual([]);
    });
  }

  it("ships its script only with the pages that have a quiz", () => {
    const dist = inject("distDir");
    const scripts = (path: string) =>
      readFileSync(join(dist, path, "index.html"), "utf8").match(
        /src="[^"]*OrderQuiz[^"]*"/g,
      ) ?? [];
    for (const path of site.lessonPaths()) {
      const html = readFileSync(join(dist, path, "index.html"), "utf8");
      const hasQuiz = html.includes("data-order-quiz");
      expect(scripts(path).length, path).toBe(hasQuiz ? 1 : 0);
    }
    expect(scripts("/lessons/event-loop/").length).toBe(1);
    expect(scripts("/lessons/sync-vs-async/").length).toBe(0);
  });
});
