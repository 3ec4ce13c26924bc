// The asyncio originals' outputs beside the TypeScript ones (SideBySide):
// two recorded outputs next to each other on a wide screen, one above the
// other on a narrow one, no JavaScript, and axe-clean in light and dark.
import AxeBuilder from "@axe-core/playwright";
import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

const PAGES = [
  "/lessons/sync-vs-async/",
  "/lessons/callbacks-and-sockets/",
  "/lessons/event-loop/",
  "/lessons/coroutines/",
  "/lessons/tasks/",
  "/lessons/gather/",
  "/lessons/semaphores-and-limits/",
  "/lessons/timeouts-and-cancellation/",
];

describe("side-by-side outputs of the asyncio originals", () => {
  it("every lesson 1-8 page sets a Python run's recorded output beside a TypeScript one", async () => {
    for (const path of PAGES) {
      const { page, errors } = await site.open(path);
      const groups = page.locator(".side-by-side");
      expect(await groups.count(), path).toBeGreaterThan(0);
      const commands = await groups
        .last()
        .locator(".terminal-command")
        .allInnerTexts();
      expect(commands, path).toHaveLength(2);
      expect(commands[1], path).toMatch(/ asyncio-(original|select)$/);
      expect(errors, path).toEqual([]);
      await page.context().close();
    }
  });

  it("puts the two next to each other on a wide screen and stacks them on a narrow one", async () => {
    const path = "/lessons/semaphores-and-limits/";
    for (const [width, beside] of [
      [1280, true],
      [390, false],
    ] as const) {
      const { page } = await site.open(path, {
        viewport: { width, height: 900 },
      });
      const group = page.locator(".side-by-side").last();
      await group.scrollIntoViewIfNeeded();
      const [a, b] = await group
        .locator(":scope > .terminal")
        .evaluateAll((all) => all.map((el) => el.getBoundingClientRect()));
      const message = `at ${width} px: ${JSON.stringify([a, b])}`;
      if (beside) {
        expect(Math.abs((a?.top ?? 0) - (b?.top ?? 1)), message).toBeLessThan(
          1,
        );
        expect(b?.left, message).toBeGreaterThan(a?.right ?? Infinity);
      } else {
        expect(b?.top, message).toBeGreaterThan(a?.bottom ?? Infinity);
      }
      // Long lines wrap in a half-width column: none hides behind a scroll.
      const hidden = await group
        .locator("pre")
        .evaluateAll(
          (all) =>
            all.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length,
        );
      expect(hidden, `outputs that scroll sideways at ${width} px`).toBe(0);
      await site.screenshot(page, `side-by-side-${width}`);
      await page.context().close();
    }
  });

  it("passes axe in light and dark", { timeout: 60_000 }, async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const { page } = await site.open("/lessons/callbacks-and-sockets/", {
        colorScheme,
      });
      const results = await new AxeBuilder({ page })
        .include(".side-by-side")
        .analyze();
      const found = results.violations.map((v) => `${v.id}: ${v.help}`);
      expect(found, colorScheme).toEqual([]);
      await site.screenshot(page, `side-by-side-${colorScheme}`);
      await page.context().close();
    }
  });
});
