// `/site/...`: a small fixed web of linked pages for the crawler lesson.
// Twenty pages; page N links to the next page, to page 2N (or the index),
// and back to the index. Page 7 and page 13 carry one broken link each,
// page 17 is slow, and robots.txt disallows /site/private/, which page 3
// links to.
import { sendText, type Handler } from "../context.ts";
import { answerAfter } from "./timed.ts";

export const PAGE_COUNT = 20;
export const SLOW_PAGE = 17;
const SLOW_PAGE_MS = 1000;

const ROBOTS = "User-agent: *\nDisallow: /site/private/\n";

const EXTRA_LINKS: Record<number, string[]> = {
  3: ["/site/private/report"],
  7: ["/site/page/21"],
  13: ["/site/missing"],
};

/** The links on page `n`, in page order. */
export function pageLinks(n: number): string[] {
  const next = `/site/page/${(n % PAGE_COUNT) + 1}`;
  const double = 2 * n <= PAGE_COUNT ? `/site/page/${2 * n}` : "/site/";
  return [next, double, "/site/", ...(EXTRA_LINKS[n] ?? [])];
}

function html(title: string, links: string[]): string {
  const items = links.map((href) => `<li><a href="${href}">${href}</a></li>`);
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<title>${title}</title></head>\n<body><h1>${title}</h1>\n` +
    `<ul>\n${items.join("\n")}\n</ul>\n</body></html>\n`
  );
}

const HTML = { "content-type": "text/html; charset=utf-8" };
const PAGE_PATH = /^page\/(\d{1,2})$/;

export const site: Handler = (ctx) => {
  const rest = ctx.param;
  if (rest === "") {
    const pages = Array.from(
      { length: PAGE_COUNT },
      (_, i) => `/site/page/${i + 1}`,
    );
    return sendText(ctx, 200, html("Site index", pages), HTML);
  }
  if (rest === "robots.txt") return sendText(ctx, 200, ROBOTS);
  if (rest === "private/report") {
    return sendText(ctx, 200, html("Private report", ["/site/"]), HTML);
  }
  const n = Number(PAGE_PATH.exec(rest)?.[1] ?? NaN);
  if (n >= 1 && n <= PAGE_COUNT) {
    const page = html(`Page ${n}`, pageLinks(n));
    if (n !== SLOW_PAGE) return sendText(ctx, 200, page, HTML);
    // The slow page is HTML like the others, only late.
    return answerAfter(ctx, SLOW_PAGE_MS, page, HTML);
  }
  sendText(ctx, 404, `no page at ${ctx.path}\n`);
};
