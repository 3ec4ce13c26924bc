import { describe, expect, it } from "vitest";
import type { RequestRecord } from "../../src/server/types.ts";
import { useServer } from "../../test/helpers/server.ts";
import { crawl } from "./crawler.ts";
import { normalizeUrl } from "./normalize.ts";
import { parseRobots } from "./robots.ts";
import { ROBOTS_TXT } from "../../src/server/site/web.ts";

const ctx = useServer();

// Fast enough for a test; the stuck page still times out.
const FAST = { ratePerSecond: 400, timeoutMs: 1500, backoffMs: 20 };

/** The most requests of the log in flight at one moment. */
function peakInFlight(log: RequestRecord[]): number {
  const events = log.flatMap((r) => [
    [r.arrivedAt, 1] as const,
    [r.finishedAt ?? Infinity, -1] as const,
  ]);
  // Ends before starts at the same instant: a slot handed on is not two.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of events) peak = Math.max(peak, (now += step));
  return peak;
}

describe("URL normalisation", () => {
  it("gives every spelling of one page the same URL", () => {
    const base = "http://127.0.0.1:8080/site/blog/post/3";
    const forms = [
      "7",
      "./7",
      "7?",
      "7#comments",
      "/site/blog/post/7",
      "/site/./blog/post/7",
      "../post/7#top",
      "HTTP://127.0.0.1:8080/site/blog/post/7",
    ];
    const urls = new Set(forms.map((href) => normalizeUrl(href, base)));
    expect([...urls]).toEqual(["http://127.0.0.1:8080/site/blog/post/7"]);
    // `URL` lower-cases scheme and host and drops a default port.
    expect(normalizeUrl("HTTP://Example.COM:80/a?#x", base)).toBe(
      "http://example.com/a",
    );
    // It leaves percent-encoding alone: `%7e` and `~` stay two URLs.
    expect(normalizeUrl("/%7e", base)).not.toBe(normalizeUrl("/~", base));
    expect(normalizeUrl("mailto:a@example.com", base)).toBeNull();
    expect(normalizeUrl("http://[bad", base)).toBeNull();
  });
});

describe("robots.txt", () => {
  it("takes the longest matching rule, and the group of its own agent", () => {
    const robots = parseRobots(ROBOTS_TXT, "workshop-crawler");
    expect(robots.allows("/site/private/report")).toBe(false);
    expect(robots.allows("/site/private/press")).toBe(true);
    expect(robots.allows("/site/search?q=x")).toBe(false);
    expect(robots.allows("/site/shop/item/1")).toBe(true);
    expect(parseRobots(ROBOTS_TXT, "BadBot").allows("/site/")).toBe(false);
  });
});

describe("the polite crawler against the bundled site", () => {
  it("never has more than its limit in flight, and reaches it", async () => {
    const report = await crawl(`${ctx.server.url}/site/`, {
      ...FAST,
      perHost: 3,
      maxDepth: 2,
    });
    const log = (await ctx.client.stats()).requests;
    const peak = peakInFlight(log);
    expect(peak, `peak in flight ${peak} over ${log.length}`).toBe(3);
    expect(report.pages.length).toBeGreaterThan(100);
  });

  it("fetches every page once, retries aside, and never a disallowed one", async () => {
    const report = await crawl(`${ctx.server.url}/site/`, FAST);
    const log = (await ctx.client.stats()).requests;
    const robots = parseRobots(ROBOTS_TXT, "workshop-crawler");
    const refused = log.filter((r) => !robots.allows(r.path));
    expect(refused.map((r) => r.path)).toEqual([]);
    // A path asked again is only ever a retry of a 429, a 503 or a
    // request that timed out.
    const byPath = Map.groupBy(log, (r) => r.path);
    const repeats = [...byPath].filter(([, rs]) =>
      rs.slice(0, -1).some((r) => ![0, 429, 503].includes(r.status)),
    );
    expect(repeats.map(([path]) => path)).toEqual([]);
    const pages = report.pages.map((p) => p.url);
    expect(new Set(pages).size).toBe(pages.length);
    expect(report.disallowed.length).toBeGreaterThan(0);
    expect(
      report.pages.some((p) => p.url.endsWith("/site/private/press")),
    ).toBe(true);
  });

  it("bounds the calendar trap by depth and reports the redirect loop as broken", async () => {
    const report = await crawl(`${ctx.server.url}/site/`, {
      ...FAST,
      maxDepth: 4,
    });
    const months = report.pages.filter((p) => p.url.includes("/calendar/"));
    // Month 2026/1 is one link from the index; each link is one month on.
    expect(months.map((p) => p.depth).sort()).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect(Math.max(...report.pages.map((p) => p.depth))).toBe(4);
    const loop = report.broken.find((b) => b.url.endsWith("/site/loop/a"));
    expect(loop?.reason).toMatch(/redirect loop/);
    const log = (await ctx.client.stats()).requests;
    const loopHits = log.filter((r) => r.path.startsWith("/site/loop/"));
    expect(loopHits.length, "requests to the loop").toBeLessThanOrEqual(2);
  });

  it("counts a redirect's target at the depth of the link", async () => {
    const report = await crawl(`${ctx.server.url}/site/`, FAST);
    const about = report.pages.find((p) => p.url.endsWith("/site/about"));
    expect(about).toMatchObject({ depth: 1, status: 200 });
    expect(about?.redirectedFrom?.[0]).toMatch(/\/site\/old-about$/);
    const shop = report.pages.find((p) => p.url.endsWith("/site/shop/"));
    expect(shop?.depth).toBe(1);
  });

  it("takes a redirect's target at the link's depth though a page of that depth queued it one deeper", async () => {
    // From /site/about, one at a time: the index (depth 1) links ./docs/
    // (so depth 2) before go/docs (depth 1) answers with a redirect to it.
    const report = await crawl(`${ctx.server.url}/site/about`, {
      ...FAST,
      perHost: 1,
      maxDepth: 2,
    });
    const docs = report.pages.find((p) => p.url.endsWith("/site/docs/"));
    expect(docs?.redirectedFrom?.[0]).toMatch(/\/site\/go\/docs$/);
    expect(docs?.depth).toBe(1);
    // Taken out of the next depth, it is not fetched again there.
    const log = (await ctx.client.stats()).requests;
    const answered = log.filter(
      (r) => r.path === "/site/docs/" && r.status === 200,
    );
    expect(answered.length).toBe(1);
  });

  it("waits out the 429's Retry-After before asking the host again", async () => {
    // One request at a time: with more, one sent just before the 429 came
    // back may reach the server after it (seen: 1.85 ms after).
    await crawl(`${ctx.server.url}/site/`, {
      ...FAST,
      perHost: 1,
      maxDepth: 1,
    });
    const log = (await ctx.client.stats()).requests;
    const busy = log.find((r) => r.status === 429);
    expect(busy?.path).toBe("/site/news");
    const end = busy?.finishedAt ?? 0;
    const after = log.filter((r) => r.arrivedAt > end);
    const first = Math.min(...after.map((r) => r.arrivedAt));
    expect(
      first - end,
      `next request ${first - end} ms after the 429`,
    ).toBeGreaterThanOrEqual(990);
  });

  it("stops when aborted, with the report so far and nothing in flight", async () => {
    const controller = new AbortController();
    const crawling = crawl(`${ctx.server.url}/site/`, {
      ...FAST,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 20) controller.abort();
      },
    });
    const report = await crawling;
    expect(report.stopped).toBe(true);
    expect(report.pages.length).toBeGreaterThanOrEqual(19);
    expect(report.pages.length).toBeLessThan(100);
    // The crawl closed its pool: no request of it is left on the server.
    const stats = await ctx.client.stats();
    const open = stats.requests.filter((r) => r.outcome === "in-flight");
    expect(open.map((r) => r.path)).toEqual([]);
  });
});
