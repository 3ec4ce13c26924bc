import { describe, expect, it } from "vitest";
import {
  answerFor,
  ITEMS,
  ROBOTS_TXT,
  transientFailures,
} from "../../src/server/site/web.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

const get = (path: string) =>
  fetch(`${ctx.server.url}${path}`, { redirect: "manual" });

// A seeded page that fails once, found the same way the server finds it.
const FLAKY = Array.from({ length: 120 }, (_, i) => `blog/post/${i + 1}`).find(
  (path) => transientFailures(path) === 1,
);

describe("the crawler lesson's web under /site/", () => {
  it("serves robots.txt at the root with Disallow and Allow lines", async () => {
    const response = await get("/robots.txt");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(ROBOTS_TXT);
    expect(text).toContain("Disallow: /site/private/");
    expect(text).toContain("Allow: /site/private/press");
  });

  it("serves files with their content type", async () => {
    const png = await get("/site/shop/img/1.png");
    expect(png.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const pdf = await get("/site/docs/ch-1/guide.pdf");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect((await pdf.text()).startsWith("%PDF-")).toBe(true);
  });

  it("redirects, and loops between two pages", async () => {
    const old = await get("/site/old-about");
    expect([old.status, old.headers.get("location")]).toEqual([
      301,
      "/site/about",
    ]);
    await old.text();
    const a = await get("/site/loop/a");
    const b = await get("/site/loop/b");
    expect([a.headers.get("location"), b.headers.get("location")]).toEqual([
      "/site/loop/b",
      "a",
    ]);
    await Promise.all([a.text(), b.text()]);
    // fetch() resolves dot segments itself; a raw client may not.
    expect(answerFor("./blog/post/7", "h")).toEqual({
      kind: "redirect",
      status: 301,
      location: "/site/blog/post/7",
    });
  });

  it("answers 429 with Retry-After once, then the page, again after a reset", async () => {
    for (let round = 0; round < 2; round++) {
      const first = await get("/site/news");
      expect(first.status).toBe(429);
      expect(first.headers.get("retry-after")).toBe("1");
      await first.text();
      // Then the seeded 503s of the page, if any, then the page.
      const rest = [];
      for (let n = 0; n <= transientFailures("news"); n++) {
        const response = await get("/site/news");
        rest.push(response.status);
        await response.text();
      }
      expect(rest.at(-1)).toBe(200);
      expect(rest.slice(0, -1)).toEqual(
        Array(transientFailures("news")).fill(503),
      );
      ctx.server.resetStats();
    }
  });

  it("fails a seeded page once with a 503, the same after every reset", async () => {
    expect(FLAKY).toBeDefined();
    for (let round = 0; round < 2; round++) {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const response = await get(`/site/${FLAKY}`);
        statuses.push(response.status);
        await response.text();
      }
      expect(statuses).toEqual([503, 200, 200]);
      ctx.server.resetStats();
    }
  });

  it("bounds every parameter and says why a page is not there", async () => {
    const cases: [string, RegExp][] = [
      [`/site/shop/item/${ITEMS + 1}`, /items 1 to 60/],
      ["/site/calendar/3000/1", /years 1900 to 2999/],
      ["/site/calendar/2026/13", /months are 1 to 12/],
      ["/site/blog/post/0", /posts 1 to 120/],
      ["/site/nowhere", /no page at \/site\/nowhere/],
    ];
    for (const [path, reason] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toMatch(reason);
    }
  });

  it("has a calendar in which every month links to the next", async () => {
    const page = await (await get("/site/calendar/2026/12")).text();
    expect(page).toContain('href="../2027/1"');
  });
});
