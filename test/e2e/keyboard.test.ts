import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

async function lessonOrder(): Promise<string[]> {
  const { page } = await site.open("/");
  return page
    .locator(".course-map h3 a")
    .evaluateAll((links) =>
      links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
    );
}

describe("keyboard", () => {
  it("moves to the next and previous lesson with the arrow keys", async () => {
    const order = await lessonOrder();
    const [first, second] = order;
    if (!first || !second) {
      expect(order.length, "needs two lessons to move between").toBe(1);
      return;
    }
    const { page } = await site.open(first);
    await Promise.all([
      page.waitForURL(site.url(second)),
      page.keyboard.press("ArrowRight"),
    ]);
    await Promise.all([
      page.waitForURL(site.url(first)),
      page.keyboard.press("ArrowLeft"),
    ]);
  });

  it("leaves arrow keys alone while typing in a field", async () => {
    const [first] = await lessonOrder();
    const { page } = await site.open(first ?? "/");
    await page.locator("input[data-progress]").focus();
    await page.evaluate(() => {
      const field = document.createElement("input");
      field.id = "scratch-field";
      field.setAttribute("aria-label", "scratch");
      document.body.append(field);
      field.focus();
    });
    await page.keyboard.press("ArrowRight");
    // The field keeps focus and the page does not navigate.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe("scratch-field");
    expect(new URL(page.url()).pathname).toBe(first);
  });

  it("offers a skip link as the first stop that moves focus to the content", async () => {
    const [first] = await lessonOrder();
    const { page } = await site.open(first ?? "/");
    await page.keyboard.press("Tab");
    const skip = page.locator(".skip-link");
    await expect(
      skip.evaluate((link) => link === document.activeElement),
    ).resolves.toBe(true);
    await expect(skip.isVisible()).resolves.toBe(true);
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe("main");
  });

  it("lists the shortcuts on ? and closes the list on Escape", async () => {
    const { page, errors } = await site.open("/");
    const dialog = page.locator("dialog.shortcuts");
    await expect(dialog.isVisible()).resolves.toBe(false);
    await page.keyboard.press("?");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect(dialog.innerText()).resolves.toContain(
      "Previous and next lesson",
    );
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it("opens search with / and finds a lesson by a word in it", async () => {
    const { page, errors } = await site.open("/");
    await page.keyboard.press("/");
    const input = page.locator("#search-panel input");
    await expect
      .poll(() => input.evaluate((field) => field === document.activeElement))
      .toBe(true);
    await input.fill("server");
    await expect
      .poll(() => page.locator("#search-panel .search-result").count())
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
