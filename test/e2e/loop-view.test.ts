// The step-through loop view in the browser: buttons, keys and the slider
// change the step shown and what each panel holds; it passes axe in light
// and dark; without JavaScript it is the list of events; and only the pages
// that use it ship its script.
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { SCREENSHOT_DIR, useSite } from "./browser.ts";

const site = useSite();
const LESSON_3 = "/lessons/event-loop/";
const LESSON_1 = "/lessons/sync-vs-async/";
const IO_VIEW = "#loop-watch-io-callback-0";

async function openView(path: string, selector: string, dark = false) {
  // Tall enough for the whole view, so that its screenshots are not
  // covered by the site's sticky header.
  const { page, errors } = await site.open(path, {
    colorScheme: dark ? "dark" : "light",
    viewport: { width: 1280, height: 1500 },
  });
  const view = page.locator(selector);
  await view.scrollIntoViewIfNeeded();
  return { page, errors, view };
}

function counter(view: Locator): Promise<string> {
  return view.locator("[data-counter]").innerText();
}

async function total(view: Locator): Promise<number> {
  return Number((await counter(view)).split(" / ")[1]);
}

async function axe(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ` +
      violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(", "),
  );
}

describe("the loop view", () => {
  it("steps forward and back with its buttons", async () => {
    const { view, errors } = await openView(LESSON_3, IO_VIEW);
    const n = await total(view);
    expect(await counter(view)).toBe(`1 / ${n}`);
    const first = await view.locator("[data-what]").innerText();
    expect(first).toContain("main function starts");
    const step = view.getByRole("button", { name: "Step", exact: true });
    for (let i = 0; i < 3; i++) await step.click();
    expect(await counter(view)).toBe(`4 / ${n}`);
    expect(await view.locator("[data-what]").innerText()).not.toBe(first);
    await view.getByRole("button", { name: "Back", exact: true }).click();
    expect(await counter(view)).toBe(`3 / ${n}`);
    await view.getByRole("button", { name: "Last step", exact: true }).click();
    expect(await counter(view)).toBe(`${n} / ${n}`);
    // The last callback is the timer, in the timers phase.
    const phase = view.locator('[data-phase][aria-current="step"]');
    expect(await phase.innerText()).toBe("timers");
    await view.getByRole("button", { name: "First step", exact: true }).click();
    expect(await counter(view)).toBe(`1 / ${n}`);
    expect(errors).toEqual([]);
  });

  it(
    "shows the queues filling and draining as it steps",
    { timeout: 90_000 },
    async () => {
      const { view } = await openView(LESSON_3, IO_VIEW);
      const screen = view.locator("[data-screen]");
      await screen.focus();
      const what = view.locator("[data-what]");
      // Step until the I/O callback has printed its own line: every
      // callback it queued is waiting then.
      for (let i = 0; i < 40; i++) {
        if ((await what.innerText()).includes('"synchronous code"')) break;
        await page(view).keyboard.press("ArrowRight");
      }
      expect(await what.innerText()).toContain('"synchronous code"');
      const count = (key: string) =>
        view.locator(`[data-list="${key}"] > li`).count();
      expect(await count("nextTicks")).toBe(1);
      expect(await count("microtasks")).toBe(2);
      expect(await count("immediates")).toBe(1);
      expect(await count("timers")).toBe(1);
      await site.screenshot(page(view), "loop-view-lesson-3-page");
      await view.screenshot({
        path: join(SCREENSHOT_DIR, "loop-view-queues.png"),
      });
      // Step on to the immediate: both queues are empty by then.
      for (let i = 0; i < 40; i++) {
        if ((await what.innerText()).includes('"setImmediate"')) break;
        await page(view).keyboard.press("ArrowRight");
      }
      expect(await count("nextTicks")).toBe(0);
      expect(await count("microtasks")).toBe(0);
      const phase = view.locator('[data-phase][aria-current="step"]');
      expect(await phase.innerText()).toContain("check");
      const printed = view.locator("[data-log] > li:not([hidden])");
      expect(await printed.allInnerTexts()).toEqual([
        "synchronous code",
        "process.nextTick",
        "promise.then",
        "queueMicrotask",
        "setImmediate",
      ]);
    },
  );

  it("answers arrow keys, Home, End and Space, with visible focus", async () => {
    const { view } = await openView(LESSON_3, IO_VIEW);
    const n = await total(view);
    const keyboard = page(view).keyboard;
    // Reach the view from its slider with Tab, as a keyboard user would.
    await view.locator("[data-scrub]").focus();
    await keyboard.press("Tab");
    const screen = view.locator("[data-screen]");
    expect(await screen.evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    const outline = await screen.evaluate(
      (el) => getComputedStyle(el).outlineStyle,
    );
    expect(outline).not.toBe("none");
    await keyboard.press("ArrowRight");
    await keyboard.press("ArrowRight");
    expect(await counter(view)).toBe(`3 / ${n}`);
    await keyboard.press("ArrowLeft");
    expect(await counter(view)).toBe(`2 / ${n}`);
    await keyboard.press("End");
    expect(await counter(view)).toBe(`${n} / ${n}`);
    await keyboard.press("Home");
    expect(await counter(view)).toBe(`1 / ${n}`);
    const play = view.getByRole("button", { name: /Play|Pause/ });
    await keyboard.press(" ");
    expect(await play.getAttribute("aria-pressed")).toBe("true");
    await expect
      .poll(() => counter(view), { timeout: 5000 })
      .not.toBe(`1 / ${n}`);
    await keyboard.press(" ");
    expect(await play.getAttribute("aria-pressed")).toBe("false");
    const paused = await counter(view);
    expect(paused).not.toBe(`1 / ${n}`);
  });

  it("scrubs with the slider", async () => {
    const { view } = await openView(LESSON_3, IO_VIEW);
    const n = await total(view);
    const scrub = view.locator("[data-scrub]");
    await scrub.focus();
    await page(view).keyboard.press("ArrowRight");
    expect(await counter(view)).toBe(`2 / ${n}`);
    await page(view).keyboard.press("End");
    expect(await counter(view)).toBe(`${n} / ${n}`);
    expect(await scrub.getAttribute("aria-valuetext")).toContain(
      `Step ${n} of ${n}`,
    );
  });

  it("draws lesson 1's concurrent run beside the server's log", async () => {
    const { view, errors } = await openView(
      LESSON_1,
      "#loop-watch-concurrent-0",
    );
    const states = view.locator("[data-request-state]");
    expect(await states.count()).toBe(2);
    expect(await states.allInnerTexts()).toEqual([
      ": not arrived yet",
      ": not arrived yet",
    ]);
    await view.getByRole("button", { name: "Last step", exact: true }).click();
    expect(await states.allInnerTexts()).toEqual([
      ": answered 200",
      ": answered 200",
    ]);
    const printed = view.locator("[data-log] > li:not([hidden])");
    expect(await printed.allInnerTexts()).toEqual([
      "start both requests",
      "got: bar",
      "got: foo",
    ]);
    await view.screenshot({
      path: join(SCREENSHOT_DIR, "loop-view-concurrent.png"),
    });
    expect(errors).toEqual([]);
  });

  for (const dark of [false, true]) {
    it(
      `passes axe in ${dark ? "dark" : "light"} mode`,
      { timeout: 90_000 },
      async () => {
        const { page, view } = await openView(LESSON_3, IO_VIEW, dark);
        for (let i = 0; i < 9; i++) {
          await view.getByRole("button", { name: "Step", exact: true }).click();
        }
        expect(await axe(page, IO_VIEW)).toEqual([]);
        const concurrent = await openView(
          LESSON_1,
          "#loop-watch-concurrent-0",
          dark,
        );
        await concurrent.view
          .getByRole("button", { name: "Step", exact: true })
          .click();
        expect(await axe(concurrent.page, "#loop-watch-concurrent-0")).toEqual(
          [],
        );
        if (dark) {
          await view.screenshot({
            path: join(SCREENSHOT_DIR, "loop-view-dark.png"),
          });
        }
      },
    );
  }

  it("shows the list of events without JavaScript", async () => {
    const context = await site.context({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url(LESSON_3));
    const view = page.locator(IO_VIEW);
    expect(await view.locator("[data-stage]").isVisible()).toBe(false);
    const events = view.locator("[data-events] > li");
    expect(await events.count()).toBeGreaterThan(10);
    expect(await events.first().innerText()).toContain("main function starts");
    await view.screenshot({
      path: join(SCREENSHOT_DIR, "loop-view-no-js.png"),
    });
  });

  it("ships its script only with the pages that use it", () => {
    const dist = inject("distDir");
    const html = (path: string) =>
      readFileSync(join(dist, path, "index.html"), "utf8");
    // The view's script is small enough for Astro to inline in the page.
    const marker = "[data-loop-view]";
    expect(html(LESSON_3)).toContain(marker);
    expect(html(LESSON_1)).toContain(marker);
    for (const path of ["/lessons/callbacks-and-sockets/", "/"]) {
      expect(html(path), path).not.toContain("data-loop-view");
    }
  });
});

function page(view: Locator): Page {
  return view.page();
}
