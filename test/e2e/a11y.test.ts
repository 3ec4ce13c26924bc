import AxeBuilder from "@axe-core/playwright";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useSite } from "./browser.ts";

const site = useSite();

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ` +
      violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(", "),
  );
}

describe("accessibility (axe)", () => {
  it("finds no violations on the home page", { timeout: 60_000 }, async () => {
    const { page } = await site.open("/");
    expect(await violations(page)).toEqual([]);
  });

  it(
    "finds no violations on the facilitator page",
    { timeout: 60_000 },
    async () => {
      const { page } = await site.open("/facilitator/");
      expect(await violations(page)).toEqual([]);
    },
  );

  it("finds no violations on the 404 page", { timeout: 60_000 }, async () => {
    const page = await (await site.context()).newPage();
    await page.goto(site.url("/no-such-page/"));
    expect(await violations(page)).toEqual([]);
  });

  it(
    "finds no violations in the search panel with results, on a phone",
    { timeout: 60_000 },
    async () => {
      const { page } = await site.open("/", {
        viewport: { width: 390, height: 844 },
      });
      await page.locator(".search-open").click();
      await page.locator("#search-input").fill("server");
      await expect
        .poll(() => page.locator(".search-result").count())
        .toBeGreaterThan(0);
      expect(await violations(page)).toEqual([]);
    },
  );

  // A lesson page has thousands of coloured code tokens to check for
  // contrast, which takes axe a while on a busy two-core machine. Every lesson
  // is checked in light; dark mode shares its markup, so one lesson is
  // checked there.
  const lessons = site.lessonPaths();
  const cases = [
    ...lessons.map((path) => ({ path, colorScheme: "light" as const })),
    ...lessons
      .slice(0, 1)
      .map((path) => ({ path, colorScheme: "dark" as const })),
  ];
  for (const { path, colorScheme } of cases) {
    it(
      `finds no violations on ${path} in ${colorScheme}`,
      { timeout: 90_000 },
      async () => {
        const { page } = await site.open(path, { colorScheme });
        // Folded hints and solution are opened so their contents are checked too.
        await page
          .locator("details")
          .evaluateAll((all) =>
            all.forEach((details) => details.setAttribute("open", "")),
          );
        expect(await violations(page)).toEqual([]);
      },
    );
  }
});
