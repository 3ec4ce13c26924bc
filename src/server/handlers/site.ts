// `/site/...`: the crawler lesson's small web (see ../site/web.ts for its
// map), and `/robots.txt`, its rules. The first lesson's ring of twenty
// pages is part of it, unchanged: page N links to the next page, to page
// 2N (or the index) and back to the index; pages 7 and 13 carry one broken
// link each and page 17 is slow. `/site/robots.txt` keeps that ring's
// one-rule file; a crawler reads `/robots.txt` at the root, as RFC 9309
// says, and the lesson's crawler does.
//
// Transient failures count the requests for a path since the last stats
// reset, so a run after a reset sees the same 503s and 429s again.
import { pause, sendHead, sendText, type Handler } from "../context.ts";
import type { Stats } from "../stats.ts";
import {
  answerFor,
  BUSY_RETRY_AFTER_S,
  pageLinks,
  RING_PAGES,
  RING_SLOW_PAGE,
  ROBOTS_TXT,
} from "../site/web.ts";

export const PAGE_COUNT = RING_PAGES;
export const SLOW_PAGE = RING_SLOW_PAGE;
export { pageLinks };

const RING_ROBOTS = "User-agent: *\nDisallow: /site/private/\n";
// Host names as they may appear in an absolute link; anything else (a
// forged Host header) gets the loopback address instead.
const HOST =
  /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9a-fA-F:.]{2,45}\](:\d{1,5})?$/;
// A bound on the paths remembered per reset, so odd clients cannot grow it.
const MAX_PATHS = 50_000;

interface Attempts {
  epoch: number;
  lastId: number;
  counts: Map<string, number>;
}
const attemptsByStats = new WeakMap<Stats, Attempts>();

/** This request's number among those for `path` since the last reset. */
function attempt(stats: Stats, id: number, path: string): number {
  const epoch = stats.page(Number.MAX_SAFE_INTEGER, 0).totals.epoch;
  let seen = attemptsByStats.get(stats);
  // Record ids start again from 1 after a reset.
  if (seen === undefined || seen.epoch !== epoch || id <= seen.lastId) {
    seen = { epoch, lastId: id, counts: new Map() };
    attemptsByStats.set(stats, seen);
  }
  seen.lastId = id;
  const count = (seen.counts.get(path) ?? 0) + 1;
  if (seen.counts.size < MAX_PATHS || seen.counts.has(path)) {
    seen.counts.set(path, count);
  }
  return count;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, links: string[]): string {
  const items = links.map((href) => {
    const safe = escape(href);
    return `<li><a href="${safe}">${safe}</a></li>`;
  });
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<title>${escape(title)}</title></head>\n<body>` +
    `<h1>${escape(title)}</h1>\n<ul>\n${items.join("\n")}\n</ul>\n` +
    `</body></html>\n`
  );
}

const HTML = { "content-type": "text/html; charset=utf-8" };

export const robots: Handler = (ctx) => sendText(ctx, 200, ROBOTS_TXT);

export const site: Handler = async (ctx) => {
  const rest = ctx.param;
  if (rest === "robots.txt") return sendText(ctx, 200, RING_ROBOTS);
  const host = ctx.req.headers.host ?? "";
  const answer = answerFor(rest, HOST.test(host) ? host : "127.0.0.1");
  switch (answer.kind) {
    case "missing":
      return sendText(ctx, 404, `${answer.reason}\n`);
    case "redirect":
      return sendText(ctx, answer.status, `see ${answer.location}\n`, {
        location: answer.location,
      });
    case "file":
      sendHead(ctx, 200, {
        "content-type": answer.type,
        "content-length": answer.body.length,
      });
      return void ctx.res.end(answer.body);
    case "html": {
      const n = attempt(ctx.stats, ctx.record.id, rest);
      if (n <= answer.busy) {
        return sendText(ctx, 429, "too many requests; come back later\n", {
          "retry-after": String(BUSY_RETRY_AFTER_S),
        });
      }
      if (n <= answer.busy + answer.failures) {
        return sendText(ctx, 503, `a passing failure (attempt ${n})\n`);
      }
      if (answer.slowMs > 0) await pause(ctx, answer.slowMs);
      return sendText(ctx, 200, page(answer.title, answer.links), HTML);
    }
  }
};
