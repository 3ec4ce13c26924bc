// The site's own behaviour beyond rendering: addresses without their slash,
// the 404 page, one exercise heading per lesson, search that matches what
// was typed, the table of contents following the reader, and the room
// check's time taken from the recordings.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMs } from "../../src/lib/format.ts";
import { useSite } from "./browser.ts";

const site = useSite();

async function search(path: string, query: string) {
  const { page, errors } = await site.open(path);
  await page.keyboard.press("/");
  const input = page.locator("#search-input");
  await expect
    .poll(() => input.evaluate((field) => field === document.activeElement))
    .toBe(true);
  await input.fill(query);
  const status = page.locator("#search-status");
  await expect.poll(() => status.innerText()).toContain(query);
  return { page, errors, status };
}

describe("addresses", () => {
  it("redirects a page's address without its trailing slash to the page", async () => {
    for (const path of [site.lessonPaths()[0] ?? "/", "/facilitator/"]) {
      const bare = path.replace(/\/$/, "");
      const response = await fetch(site.url(bare), { redirect: "manual" });
      expect(response.status, bare).toBe(301);
      expect(response.headers.get("location")).toBe(path);
      const { page } = await site.open(bare);
      expect(new URL(page.url()).pathname).toBe(path);
    }
  });

  it("answers an unknown address with a 404 page that links every lesson", async () => {
    const page = await (await site.context()).newPage();
    const response = await page.goto(site.url("/lessons/no-such-lesson/"));
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").innerText()).resolves.toBe(
      "Page not found",
    );
    const links = await page
      .locator(".not-found-lessons a")
      .evaluateAll((all) => all.map((a) => a.getAttribute("href")));
    expect(links.toSorted()).toEqual(site.lessonPaths());
  });
});

describe("lesson pages", () => {
  it("give each exercise one heading, listed in the table of contents", async () => {
    for (const path of site.lessonPaths()) {
      const { page } = await site.open(path);
      const headings = await page
        .locator("main h2")
        .evaluateAll((all) => all.map((h) => h.textContent?.trim()));
      expect(
        headings.filter((text) => text === "Exercise"),
        `${path}: ${headings.join(" | ")}`,
      ).toHaveLength(1);
      await expect(
        page.locator(".toc a", { hasText: /^Exercise$/ }).count(),
      ).resolves.toBe(1);
    }
  });

  it("mark the section being read in the table of contents", async () => {
    const path = site.lessonPaths()[0] ?? "/";
    const { page, errors } = await site.open(path, {
      viewport: { width: 1600, height: 900 },
    });
    const current = page.locator('.toc a[aria-current="location"]');
    const links = page.locator(".toc a");
    const last = await links.last().getAttribute("href");
    const second = await links.nth(1).getAttribute("href");
    for (const hash of [second, last]) {
      if (!hash) throw new Error(`${path}: too few table of contents entries`);
      await page
        .locator(hash)
        .evaluate((heading) => heading.scrollIntoView({ block: "start" }));
      await expect.poll(() => current.getAttribute("href")).toBe(hash);
      await expect(current.count()).resolves.toBe(1);
    }
    expect(errors).toEqual([]);
  });
});

describe("search", () => {
  it("finds nothing for a nonsense word", async () => {
    const { page, status, errors } = await search("/", "xqzvbnmk");
    await expect.poll(() => status.innerText()).toMatch(/^No results for/);
    await expect(page.locator(".search-result").count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows excerpts without the copy buttons' text", async () => {
    const { page, errors } = await search("/", "request");
    const results = page.locator(".search-result");
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    const text = await page.locator("#search-panel").innerText();
    expect(text).not.toMatch(/Copied/);
    expect(errors).toEqual([]);
  });
});

describe("facilitator page", () => {
  it("gives the room check's time from lesson 1's recordings", async () => {
    const dir = readdirSync("lessons").sort()[0] ?? "";
    const folder = join("lessons", dir, "recorded");
    const totalMs = readdirSync(folder)
      .filter((file) => file.endsWith(".json"))
      .map(
        (file) =>
          (
            JSON.parse(readFileSync(join(folder, file), "utf8")) as {
              wallMs: number;
            }
          ).wallMs,
      )
      .reduce((sum, ms) => sum + ms, 0);
    const { page } = await site.open("/facilitator/");
    await expect(
      page.locator("[data-room-check-time]").innerText(),
    ).resolves.toBe(formatMs(totalMs));
    await expect(
      page.locator("[data-room-check]").innerText(),
    ).resolves.not.toMatch(/about a second/);
  });
});
