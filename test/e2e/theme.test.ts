import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useSite } from "./browser.ts";

const site = useSite();

function theme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset["theme"]);
}

function tokenColour(page: Page): Promise<string> {
  return page
    .locator(".code-block pre.shiki span[style]")
    .first()
    .evaluate((span) => getComputedStyle(span).color);
}

describe("dark mode", () => {
  it("follows the system colour scheme when nothing is stored", async () => {
    const { page } = await site.open("/", { colorScheme: "dark" });
    expect(await theme(page)).toBe("dark");
    const { page: light } = await site.open("/", { colorScheme: "light" });
    expect(await theme(light)).toBe("light");
  });

  it("toggles, switches the code colours and is remembered across a reload", async () => {
    const lesson = site.lessonPaths()[0] ?? "/";
    const { page, errors } = await site.open(lesson, { colorScheme: "light" });
    const toggle = page.locator("#theme-toggle");
    const lightColour = await tokenColour(page);
    await expect(toggle.getAttribute("aria-pressed")).resolves.toBe("false");

    await toggle.click();
    expect(await theme(page)).toBe("dark");
    await expect(toggle.getAttribute("aria-pressed")).resolves.toBe("true");
    expect(await tokenColour(page)).not.toBe(lightColour);
    await site.screenshot(page, "lesson-dark");

    await page.reload();
    expect(await theme(page)).toBe("dark");
    await expect(toggle.getAttribute("aria-pressed")).resolves.toBe("true");

    await toggle.click();
    await page.reload();
    expect(await theme(page)).toBe("light");
    expect(errors).toEqual([]);
  });

  it("sets the stored theme before the first paint", async () => {
    const context = await site.context({ colorScheme: "light" });
    await context.addInitScript(() => {
      localStorage.setItem("async-io-workshop:theme", "dark");
    });
    const page = await context.newPage();
    // Record the theme the moment <body> is inserted: nothing has been
    // painted yet, and no stylesheet or module script has run.
    await page.addInitScript(() => {
      const watcher = new MutationObserver(() => {
        if (!document.body) return;
        (window as { firstTheme?: string | undefined }).firstTheme =
          document.documentElement.dataset["theme"];
        watcher.disconnect();
      });
      watcher.observe(document, { childList: true, subtree: true });
    });
    await page.goto(site.url("/"));
    const first = await page.evaluate(
      () => (window as { firstTheme?: string }).firstTheme,
    );
    expect(first).toBe("dark");
  });
});
