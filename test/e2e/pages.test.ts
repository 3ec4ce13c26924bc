import { describe, expect, it } from "vitest";
import { useSite } from "./browser.ts";

const site = useSite();

describe("built pages", () => {
  it("has at least one lesson page to check", () => {
    expect(site.lessonPaths().length).toBeGreaterThan(0);
  });

  it(
    "renders every lesson page with highlighted snippets, recorded output and its timelines",
    { timeout: 120_000 },
    async () => {
      // A lesson over raw TCP (the echo server) has no HTTP requests to draw.
      let withTimelines = 0;
      for (const path of site.lessonPaths()) {
        const { page, errors } = await site.open(path);
        const tokens = await page
          .locator(".code-block pre.shiki span[style]")
          .count();
        expect(
          tokens,
          `${path}: coloured shiki tokens in snippets`,
        ).toBeGreaterThan(10);
        // textContent: blocks off screen are not laid out, so have no innerText.
        const output = page.locator(".terminal pre").first();
        await expect
          .poll(() => output.textContent(), { message: `${path}: output` })
          .not.toBe("");
        await expect(
          page.locator(".terminal figcaption").first().textContent(),
        ).resolves.toMatch(/recorded with Node v\d+/);
        if ((await page.locator(".timeline-figure").count()) > 0) {
          withTimelines++;
          const lanes = await page
            .locator(".timeline-figure svg .timeline-lane")
            .count();
          expect(lanes, `${path}: timeline lanes`).toBeGreaterThan(0);
          await expect(
            page.locator("svg.timeline title").first().textContent(),
          ).resolves.not.toBe("");
        }
        expect(errors, `${path}: console errors`).toEqual([]);
        await site.screenshot(
          page,
          `lesson${path.replaceAll("/", "-").replace(/-$/, "")}`,
        );
      }
      expect(withTimelines).toBeGreaterThan(site.lessonPaths().length / 2);
    },
  );

  it("shows no console errors on the home and facilitator pages", async () => {
    for (const path of ["/", "/facilitator/"]) {
      const { page, errors } = await site.open(path);
      expect(errors, `${path}: console errors`).toEqual([]);
      await site.screenshot(page, path === "/" ? "home" : "facilitator");
    }
  });

  it("lists every lesson on the course map with its minutes and a total", async () => {
    const { page } = await site.open("/");
    const cards = page.locator(".course-map > li");
    await expect(cards.count()).resolves.toBe(site.lessonPaths().length);
    await expect(cards.first().innerText()).resolves.toMatch(
      /Lesson \d+ · \d+ minutes/i,
    );
    await expect(page.locator("#map-title + p").innerText()).resolves.toMatch(
      /about \d+ h \d+ min of workshop time/,
    );
  });

  it("builds the facilitator schedule as a running clock", async () => {
    const { page } = await site.open("/facilitator/");
    const rows = await page
      .locator(".schedule tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.querySelectorAll("td")].map(
            (td) => td.textContent?.trim() ?? "",
          ),
        ),
      );
    expect(rows.length).toBeGreaterThanOrEqual(site.lessonPaths().length);
    rows.slice(1).forEach((row, index) => {
      expect(row[0], `row ${index + 2} starts when row ${index + 1} ends`).toBe(
        rows[index]?.[1],
      );
    });
  });
});
