import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

describe("lesson progress", () => {
  it("keeps a lesson marked done across reloads and shows it in the sidebar and course map", async () => {
    const { page, errors } = await site.open("/");
    // The course map's links, in course order.
    const [lesson = "/", second] = await page
      .locator(".course-map h3 a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    await expect(page.locator(".next-lesson a").innerText()).resolves.toMatch(
      /^Start with lesson 1: /,
    );
    await page.goto(site.url(lesson));
    const box = page.locator("input[data-progress]");
    const id = await box.getAttribute("data-progress");
    await expect(box.isChecked()).resolves.toBe(false);

    await box.check();
    await expect(
      page
        .locator(`.sidebar li[data-lesson-mark="${id}"]`)
        .getAttribute("data-done"),
    ).resolves.toBe("true");

    await page.reload();
    await expect(box.isChecked()).resolves.toBe(true);

    await page.goto(site.url("/"));
    const card = page.locator(`.course-map li[data-lesson-mark="${id}"]`);
    await expect(card.getAttribute("data-done")).resolves.toBe("true");
    await expect(card.locator(".done-label").textContent()).resolves.toBe(
      " (done)",
    );
    // The home page now leads on to the next lesson not done.
    const next = page.locator(".next-lesson a");
    await expect(next.innerText()).resolves.toMatch(
      /^Pick up where you left off: lesson 2: /,
    );
    await expect(next.getAttribute("href")).resolves.toBe(second);

    await page.goto(site.url(lesson));
    await box.uncheck();
    await page.reload();
    await expect(box.isChecked()).resolves.toBe(false);
    expect(errors).toEqual([]);
  });
});
