// The crawl report in words (for a terminal and the page) and as JSON
// (for `npm run crawl -- --json`). Paths are shown without the origin, so
// the text is the same whatever port the server got.
import { formatMs } from "../../src/lib/format.ts";
import type { CrawlReport } from "./crawler.ts";

function local(url: string, origin: string): string {
  return url.startsWith(origin) ? url.slice(origin.length) : url;
}

/** Pages found at each depth, from 0 on. */
export function pagesByDepth(report: CrawlReport): number[] {
  const counts: number[] = [];
  for (const page of report.pages) {
    counts[page.depth] = (counts[page.depth] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}

/** The report as lines of text; `withTime` false leaves out the time. */
export function reportLines(report: CrawlReport, withTime = true): string[] {
  const origin = new URL(report.start).origin;
  const depths = pagesByDepth(report)
    .map((n, depth) => `${depth}: ${n}`)
    .join(", ");
  const types = new Map<string, number>();
  for (const page of report.pages) {
    types.set(page.type, (types.get(page.type) ?? 0) + 1);
  }
  const typeText = [...types].map(([type, n]) => `${n} ${type}`).join(", ");
  const retried = report.pages.filter((page) => page.attempts > 1).length;
  const lines = [
    `crawled ${local(report.start, origin)}: ${report.pages.length} pages` +
      (withTime ? ` in ${formatMs(report.elapsedMs)}` : "") +
      (report.stopped ? " (stopped early)" : ""),
    ...(report.robotsNote === null ? [] : [report.robotsNote]),
    `pages by depth: ${depths}`,
    `content types: ${typeText}`,
    `fetched after a retry: ${retried}`,
    `broken links: ${report.broken.length}`,
    ...report.broken
      .toSorted((a, b) => a.url.localeCompare(b.url))
      .map(
        (b) =>
          `  ${local(b.url, origin)} (${b.reason.replaceAll(origin, "")})` +
          (b.from === null ? "" : ` on ${local(b.from, origin)}`),
      ),
    `skipped by robots.txt: ${report.disallowed.length} URLs`,
    `past the depth limit: ${report.pastDepth} URLs; ` +
      `other sites, not followed: ${report.external.length}`,
  ];
  if (report.truncated) lines.push("stopped at the page limit");
  return lines;
}

/** What `--json` prints. */
export function reportJson(report: CrawlReport) {
  return {
    start: report.start,
    elapsedMs: Math.round(report.elapsedMs),
    stopped: report.stopped,
    truncated: report.truncated,
    pagesByDepth: pagesByDepth(report),
    pages: report.pages.map(({ url, status, depth, type, attempts }) => ({
      url,
      status,
      depth,
      type,
      attempts,
    })),
    broken: report.broken,
    disallowed: report.disallowed,
    robotsNote: report.robotsNote,
    external: report.external,
    pastDepth: report.pastDepth,
  };
}
