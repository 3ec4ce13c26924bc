import { expect, test, type TestContext } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { crawl } from "./crawler.ts";
import { pythonMissing, runPythonCrawler } from "./python-original.ts";

const ctx = useServer();

const PER_HOST = 3;

/** Skips the test (true) when the Python crawler cannot run here. */
async function skippedWithoutPython(t: TestContext): Promise<boolean> {
  const missing = await pythonMissing();
  if (missing !== null) t.skip(`the Python crawler cannot run: ${missing}`);
  return missing !== null;
}

// Two whole crawls, each a few seconds (the stuck page times out 3 times).
test(
  "the asyncio and aiohttp crawler finds the same pages, within its limit, and skips one more for robots.txt",
  { timeout: 60_000 },
  async (t) => {
    if (await skippedWithoutPython(t)) return;
    const start = `${ctx.server.url}/site/`;
    const python = await runPythonCrawler(start, PER_HOST, 5, 400);
    const log = (await ctx.client.stats()).requests;
    // Python's share of the log: never more than PER_HOST at once.
    const events = log.flatMap((r) => [
      [r.arrivedAt, 1] as const,
      [r.finishedAt ?? Infinity, -1] as const,
    ]);
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let peak = 0;
    for (const [, step] of events) peak = Math.max(peak, (now += step));
    expect(peak, `peak in flight ${peak}`).toBe(PER_HOST);
    expect(
      log.filter((r) => r.path.startsWith("/site/private/report")),
    ).toEqual([]);

    ctx.server.resetStats();
    const ours = await crawl(start, {
      perHost: PER_HOST,
      ratePerSecond: 400,
      timeoutMs: 1500,
    });
    const urls = (pages: { url: string }[]) => pages.map((p) => p.url).sort();
    // urllib.robotparser applies the first matching line, not the longest
    // (RFC 9309), so `Allow: /site/private/press` after `Disallow:
    // /site/private/` does not count for it.
    const press = `${ctx.server.url}/site/private/press`;
    expect(urls(python.pages)).toEqual(
      urls(ours.pages).filter((url) => url !== press),
    );
    expect(python.disallowed).toContain(press);
    const ourDepth = new Map(ours.pages.map((p) => [p.url, p.depth]));
    const otherDepth = python.pages.filter(
      (p) => ourDepth.get(p.url) !== p.depth,
    );
    expect(otherDepth.map((p) => p.url)).toEqual([]);
    expect(python.broken.map((b) => b.url).sort()).toEqual(
      ours.broken.map((b) => b.url).sort(),
    );
  },
);

test(
  "the asyncio crawler takes a redirect's target at the link's depth though a page of that depth queued it one deeper",
  { timeout: 30_000 },
  async (t) => {
    if (await skippedWithoutPython(t)) return;
    // One at a time from /site/about: the index (depth 1) links ./docs/
    // before go/docs (depth 1) redirects to it.
    const python = await runPythonCrawler(
      `${ctx.server.url}/site/about`,
      1,
      2,
      400,
    );
    const docs = python.pages.filter((p) => p.url.endsWith("/site/docs/"));
    expect(docs.map((p) => p.depth)).toEqual([1]);
  },
);
