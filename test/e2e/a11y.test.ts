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
  it("finds no violations on the home page", async () => {
    const { page } = await site.open("/");
    expect(await violations(page)).toEqual([]);
  });

  it("finds no violations on the facilitator page", async () => {
    const { page } = await site.open("/facilitator/");
    expect(await violations(page)).toEqual([]);
  });

  it("finds no violations on a lesson page in light and in dark", async () => {
    const lesson = site.lessonPaths()[0] ?? "/";
    const { page: light } = await site.open(lesson, { colorScheme: "light" });
    // Folded hints and solution are opened so their contents are checked too.
    await light.locator("details").evaluateAll((all) =>
      all.forEach((details) => details.setAttribute("open", "")),
    );
    expect(await violations(light)).toEqual([]);
    const { page: dark } = await site.open(lesson, { colorScheme: "dark" });
    await dark.locator("details").evaluateAll((all) =>
      all.forEach((details) => details.setAttribute("open", "")),
    );
    expect(await violations(dark)).toEqual([]);
  });
});
