// Every page on a phone-sized screen (390 CSS px, as an iPhone 12 to 15)
// and on a desktop one: nothing wider than the screen, timelines readable,
// search on screen, and no layout shift while a page loads.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useSite } from "./browser.ts";

const site = useSite();
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP = { viewport: { width: 1280, height: 900 } };
/** The smallest text a phone's reader should be given, in CSS px. */
const MIN_TEXT_PX = 12;

function pages(): string[] {
  return ["/", "/facilitator/", ...site.lessonPaths()];
}

/** Elements that stick out of the screen without a scroll box to hold them. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (element: Element) => {
      for (let p = element.parentElement; p; p = p.parentElement) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX)) {
          return true;
        }
      }
      return false;
    };
    const found = [...document.querySelectorAll("body *")]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 1 || box.left < -1);
      })
      .filter((element) => !clipped(element))
      .map(
        (element) => `${element.tagName.toLowerCase()}.${element.className}`,
      );
    if (document.documentElement.scrollWidth > width) {
      found.unshift(`page ${document.documentElement.scrollWidth} px wide`);
    }
    return found;
  });
}

/** Layout shift while the page loads, as Lighthouse adds it up (CLS). */
async function loadShift(page: Page): Promise<number> {
  await page.waitForLoadState("load");
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
          })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 500);
      }),
  );
}

describe("on a phone", () => {
  it(
    "fits every page to the screen, without layout shift on load",
    { timeout: 120_000 },
    async () => {
      for (const path of pages()) {
        const { page, errors } = await site.open(path, PHONE);
        expect(await overflowing(page), path).toEqual([]);
        expect(await loadShift(page), `${path}: layout shift`).toBeLessThan(
          0.02,
        );
        expect(errors, path).toEqual([]);
        await site.screenshot(page, `phone${path.replaceAll("/", "-")}`);
      }
    },
  );

  it(
    "draws timeline text at a readable size",
    { timeout: 120_000 },
    async () => {
      let drawn = 0;
      for (const path of site.lessonPaths()) {
        const { page } = await site.open(path, PHONE);
        if ((await page.locator("svg.timeline").count()) === 0) continue;
        drawn++;
        const sizes = await page
          .locator("svg.timeline text")
          .evaluateAll((texts) =>
            texts
              .filter((text) => getComputedStyle(text).display !== "none")
              .map((text) => {
                const scale =
                  (text as SVGGraphicsElement).getScreenCTM()?.a ?? 1;
                return parseFloat(getComputedStyle(text).fontSize) * scale;
              }),
          );
        expect(sizes.length, path).toBeGreaterThan(0);
        expect(
          Math.min(...sizes),
          `${path}: smallest timeline text`,
        ).toBeGreaterThanOrEqual(MIN_TEXT_PX);
      }
      expect(drawn).toBeGreaterThan(0);
    },
  );

  it(
    "keeps every shown tick label clear of its neighbours",
    { timeout: 120_000 },
    async () => {
      for (const path of site.lessonPaths()) {
        const { page } = await site.open(path, PHONE);
        const overlaps = await page
          .locator("svg.timeline")
          .evaluateAll((svgs) =>
            svgs.flatMap((svg) => {
              const boxes = [...svg.querySelectorAll(".timeline-tick")]
                .filter((tick) => getComputedStyle(tick).display !== "none")
                .map((tick) => tick.getBoundingClientRect());
              return boxes
                .slice(1)
                .filter((box, i) => box.left < (boxes[i]?.right ?? 0) + 4)
                .map(() => svg.querySelector("title")?.textContent ?? "");
            }),
          );
        expect(overlaps, path).toEqual([]);
      }
    },
  );

  it("opens search within the screen", async () => {
    const { page } = await site.open(site.lessonPaths()[0] ?? "/", PHONE);
    await page.locator(".search-open").click();
    const panel = page.locator("#search-panel");
    await expect.poll(() => panel.isVisible()).toBe(true);
    await page.locator("#search-input").fill("server");
    await expect
      .poll(() => page.locator(".search-result").count())
      .toBeGreaterThan(0);
    const box = await panel.boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(await overflowing(page)).toEqual([]);
    await site.screenshot(page, "phone-search");
  });
});

describe("timelines", () => {
  it(
    "have their legend in the frame and a visible sending part on every bar",
    { timeout: 60_000 },
    async () => {
      for (const options of [PHONE, DESKTOP]) {
        // Lesson 1's page, whose runs draw timelines (not every page has one).
        const { page } = await site.open("/lessons/sync-vs-async/", options);
        const figures = page.locator(".timeline-figure");
        const count = await figures.count();
        expect(count).toBeGreaterThan(0);
        for (let i = 0; i < count; i++) {
          const figure = figures.nth(i);
          await figure.scrollIntoViewIfNeeded();
          // A figure is drawn once it nears the screen (global.css).
          await expect
            .poll(() =>
              figure
                .locator(".timeline-frame .timeline-legend li")
                .first()
                .innerText(),
            )
            .toContain("waiting for the first byte");
          const caps = await figure
            .locator(".timeline-end rect")
            .evaluateAll((rects) =>
              rects.map((r) => r.getBoundingClientRect().width),
            );
          expect(Math.min(...caps), `timeline ${i + 1}`).toBeGreaterThanOrEqual(
            3,
          );
        }
      }
    },
  );
});

describe("on a desktop screen", () => {
  it("fits every page to the window", { timeout: 120_000 }, async () => {
    for (const path of pages()) {
      const { page } = await site.open(path, DESKTOP);
      expect(await overflowing(page), path).toEqual([]);
    }
  });
});
