// The runs of lesson 17, for `npm run lesson -- 17` and the recorded page
// output.
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { serverClient } from "../../src/server/client.ts";
import { ROBOTS_TXT } from "../../src/server/site/web.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { crawl, type CrawlOptions } from "./crawler.ts";
import { normalizeUrl } from "./normalize.ts";
import { parseRobots } from "./robots.ts";
import { pythonMissing, runPythonCrawler } from "./python-original.ts";
import { reportLines } from "./report.ts";

// The whole site: 4 at a time, 50 starts a second, a 1.5 s timeout: the
// slow page (1 s) makes it, the stuck one (30 s) gives up after three
// attempts.
const WHOLE: CrawlOptions = { perHost: 4, ratePerSecond: 50, timeoutMs: 1500 };

async function serverLog(ctx: RunContext): Promise<RequestRecord[]> {
  return (await serverClient(ctx.serverUrl, ctx.echo).stats()).requests;
}

function peakInFlight(log: RequestRecord[]): number {
  const events = log.flatMap((r) => [
    [r.arrivedAt, 1] as const,
    [r.finishedAt ?? Infinity, -1] as const,
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of events) peak = Math.max(peak, (now += step));
  return peak;
}

async function printServerSide(ctx: RunContext, limit: number) {
  const log = await serverLog(ctx);
  const statuses = new Map<number, number>();
  for (const r of log)
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const text = [...statuses]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${n} x ${status === 0 ? "cut off" : status}`)
    .join(", ");
  ctx.print(`the server saw ${log.length} requests: ${text}`);
  const peak = peakInFlight(log);
  const kept = peak <= limit ? "yes" : `no, ${peak}`;
  ctx.print(`never more than ${limit} in flight at once: ${kept}`);
  const robots = parseRobots(ROBOTS_TXT, "workshop-crawler");
  const refused = log.filter((r) => !robots.allows(r.path));
  ctx.print(`asked for a path robots.txt disallows: ${count(refused)}`);
  // A path asked again is fine only after a 429, a 503 or a timeout.
  const again = [...Map.groupBy(log, (r) => r.path)].filter(([, rs]) =>
    rs.slice(0, -1).some((r) => ![0, 429, 503].includes(r.status)),
  );
  ctx.print(`asked again for a path, not as a retry: ${count(again)}`);
}

const count = (list: unknown[]): string =>
  list.length === 0 ? "never" : `${list.length} times`;

export const runs: LessonRun[] = [
  {
    name: "crawl",
    title: "The whole site, 4 at a time, 50 a second",
    // Four hundred requests: the page draws a smaller crawl instead.
    timeline: false,
    run: async (ctx) => {
      const report = await crawl(`${ctx.serverUrl}/site/`, {
        ...WHOLE,
        signal: ctx.signal,
      });
      for (const line of reportLines(report)) ctx.print(line);
      await printServerSide(ctx, 4);
    },
  },
  {
    name: "first-links",
    title: "The index and its links, 2 at a time, 20 starts a second",
    run: async (ctx) => {
      const report = await crawl(`${ctx.serverUrl}/site/`, {
        perHost: 2,
        ratePerSecond: 20,
        maxDepth: 1,
        timeoutMs: 1500,
        signal: ctx.signal,
      });
      for (const line of reportLines(report)) ctx.print(line);
      await printServerSide(ctx, 2);
    },
  },
  {
    name: "dedupe",
    title: "Seven spellings of one page",
    timeline: false,
    run: async (ctx) => {
      const base = `${ctx.serverUrl}/site/blog/post/3`;
      const forms = [
        "7",
        "./7",
        "7?",
        "7#comments",
        "../post/7#top",
        "/site/./blog/post/7",
        `${ctx.serverUrl.toUpperCase()}/site/blog/post/7`,
      ];
      const origin = new URL(ctx.serverUrl).origin;
      for (const href of forms) {
        const shown = href.replace(ctx.serverUrl.toUpperCase(), "HTTP://HOST");
        const url = normalizeUrl(href, base)?.replace(origin, "") ?? "none";
        ctx.print(`${shown.padEnd(28)} -> ${url}`);
      }
    },
  },
  {
    name: "stop",
    title: "Stopped once 30 URLs are done, as Ctrl-C stops npm run crawl",
    run: async (ctx) => {
      const controller = new AbortController();
      const signal = AbortSignal.any([ctx.signal, controller.signal]);
      let abortedAt = 0;
      const report = await crawl(`${ctx.serverUrl}/site/`, {
        ...WHOLE,
        signal,
        onProgress: (p) => {
          if (p.done >= 30 && !controller.signal.aborted) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      });
      // Measured at once, before anything else is awaited.
      const returned = performance.now() - abortedAt;
      ctx.print(`stopped: ${report.stopped}`);
      const done = report.pages.length + report.broken.length;
      ctx.print(
        `pages and broken links in the report, 30 or more: ${done >= 30}`,
      );
      const log = await serverLog(ctx);
      const open = log.filter((r) => r.outcome === "in-flight");
      ctx.print(`requests still in flight on the server: ${open.length}`);
      ctx.print(`the crawl returned ${formatMs(returned)} after the abort`);
    },
  },
  {
    name: "python",
    title: "The asyncio and aiohttp crawler, 4 at a time, 50 a second",
    run: async (ctx) => {
      const missing = await pythonMissing();
      if (missing !== null) {
        ctx.print(`not run: ${missing}`);
        return;
      }
      const started = performance.now();
      // The same limit and rate as the whole-site run above.
      const report = await runPythonCrawler(
        `${ctx.serverUrl}/site/`,
        WHOLE.perHost ?? 4,
        5,
        WHOLE.ratePerSecond ?? 50,
        ctx.signal,
      );
      const took = performance.now() - started;
      const origin = new URL(ctx.serverUrl).origin;
      ctx.print(
        `crawled /site/: ${report.pages.length} pages in ${formatMs(took)}`,
      );
      ctx.print(`broken links: ${report.broken.length}`);
      ctx.print(`skipped by robots.txt: ${report.disallowed.length} URLs`);
      const press = report.disallowed.filter((u) =>
        u.includes("/private/press"),
      );
      ctx.print(
        `skipped, though robots.txt allows it: ${press.map((u) => u.replace(origin, "")).join(", ")}`,
      );
      await printServerSide(ctx, 4);
    },
  },
];
