// The crawler lesson's web under `/site/`: a few hundred seeded pages, the
// same on every run. `answerFor` is pure: it maps a path (after `/site/`),
// the query and the request's host to what the server answers, and
// `site.ts` sends it. Attempt counts (for the transient 503s and the 429)
// come from the caller, so this module keeps no state.
//
// The map, from the index `/site/`:
// - `page/1`..`page/20`: the first lesson's ring of pages (kept as it was).
// - `blog/` with list pages `blog/page/2`..`blog/page/12`, 120 posts
//   `blog/post/N` and 8 tag pages `blog/tag/NAME`; posts link to each
//   other in every form of one URL (`./7`, `7?`, `7#comments`,
//   `/site/./blog/post/7`, `http://HOST/site/blog/post/7`).
// - `docs/`: 6 chapters `docs/ch-N/` of 8 sections `docs/ch-N/sec-M`,
//   relative links, a PDF per chapter, and two broken links.
// - `shop/`: 60 items `shop/item/N`, each with a PNG image, a link to the
//   cart (disallowed by robots.txt) and some through a 301.
// - redirects: `old-about` (301), `go/shop` (302), `go/docs` (302 to an
//   absolute URL), `moved/item/N` (301) and a loop `loop/a` <-> `loop/b`.
// - `calendar/YYYY/M`: a crawler trap; each month links to the next one,
//   for ever (years 1900 to 2999, so even the trap is bounded).
// - `news`: answers 429 with `Retry-After: 1` to its first request.
// - seeded transient 503s and slow pages, and one page that takes 30 s.
// - `private/...`, `search?q=` and `shop/cart`: disallowed by robots.txt.
import { mulberry32 } from "../prng.ts";

export const SITE_SEED = 17;
export const POSTS = 120;
export const POSTS_PER_LIST = 10;
export const LIST_PAGES = POSTS / POSTS_PER_LIST;
export const TAGS = [
  "async",
  "http",
  "sockets",
  "streams",
  "timers",
  "workers",
  "testing",
  "python",
] as const;
export const CHAPTERS = 6;
export const SECTIONS = 8;
export const ITEMS = 60;
export const CALENDAR_START = { year: 2026, month: 1 };
export const CALENDAR_YEARS = { min: 1900, max: 2999 };
export const RING_PAGES = 20;
export const RING_SLOW_PAGE = 17;
/** The page that takes far longer than any crawler should wait. */
export const STUCK_PATH = "docs/ch-4/archive";
export const STUCK_MS = 30_000;
/** How many seconds `news` asks for in its 429. */
export const BUSY_RETRY_AFTER_S = 1;

/** The server's robots.txt, served at `/robots.txt` (RFC 9309). */
export const ROBOTS_TXT = [
  "# The bundled server's robots.txt: the crawler lesson reads it.",
  "User-agent: badbot",
  "Disallow: /",
  "",
  "User-agent: *",
  "Disallow: /site/private/",
  "Allow: /site/private/press",
  "Disallow: /site/shop/cart",
  "Disallow: /site/search",
  "Disallow: /stats",
  "",
].join("\n");

export type Answer =
  | {
      kind: "html";
      title: string;
      links: string[];
      /** Milliseconds to wait before answering. */
      slowMs: number;
      /** How many first attempts (since the stats reset) get a 503. */
      failures: number;
      /** How many first attempts get a 429 with Retry-After. */
      busy: number;
    }
  | { kind: "redirect"; status: 301 | 302; location: string }
  | { kind: "file"; type: string; body: Buffer }
  | { kind: "missing"; reason: string };

// A number in [0, 1) that depends only on the path and the seed.
function draw(path: string, salt: number): number {
  let hash = 0x811c9dc5 ^ SITE_SEED;
  for (let i = 0; i < path.length; i++) {
    hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  }
  return mulberry32((hash ^ salt) >>> 0)();
}

/** How many first requests to `path` answer 503 (0, 1 or 2). */
export function transientFailures(path: string): number {
  if (path.startsWith("page/") || path === "") return 0;
  const d = draw(path, 1);
  return d < 0.02 ? 2 : d < 0.07 ? 1 : 0;
}

/** How long `path` takes, in milliseconds (most pages: 0). */
export function slowness(path: string): number {
  if (path === STUCK_PATH) return STUCK_MS;
  if (path === `page/${RING_SLOW_PAGE}`) return 1000;
  if (path.startsWith("page/") || path === "") return 0;
  const d = draw(path, 2);
  return d < 0.05 ? 150 + Math.floor(draw(path, 3) * 450) : 0;
}

function pick(path: string, salt: number, n: number): number {
  return 1 + Math.floor(draw(path, salt) * n);
}

type HtmlAnswer = Extract<Answer, { kind: "html" }>;

function html(title: string, path: string, links: string[]): HtmlAnswer {
  return {
    kind: "html",
    title,
    links,
    slowMs: slowness(path),
    failures: transientFailures(path),
    busy: 0,
  };
}

const missing = (reason: string): Answer => ({ kind: "missing", reason });

// A tiny valid PNG (1 x 1, grey) and a one-page PDF: real files, so a
// crawler that sniffs them sees what their content type says.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCB" +
    "UtHN3wAAAABJRU5ErkJggg==",
  "base64",
);

function pdf(title: string): Buffer {
  const text = `BT /F1 18 Tf 72 720 Td (${title}) Tj ET`;
  return Buffer.from(
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " +
      "/Contents 4 0 R >> endobj\n" +
      `4 0 obj << /Length ${text.length} >> stream\n${text}\nendstream ` +
      "endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
  );
}

function ringLinks(n: number): string[] {
  const extra: Record<number, string[]> = {
    3: ["/site/private/report"],
    7: ["/site/page/21"],
    13: ["/site/missing"],
  };
  const next = `/site/page/${(n % RING_PAGES) + 1}`;
  const double = 2 * n <= RING_PAGES ? `/site/page/${2 * n}` : "/site/";
  return [next, double, "/site/", ...(extra[n] ?? [])];
}

/** The links on the first lesson's ring page `n`, in page order. */
export const pageLinks = ringLinks;

function index(): Answer {
  const ring = Array.from(
    { length: RING_PAGES },
    (_, i) => `/site/page/${i + 1}`,
  );
  return html("Site index", "", [
    ...ring,
    "blog/",
    "./docs/",
    "/site/go/shop",
    "calendar/2026/1",
    "old-about",
    "news",
    "contact",
    "loop/a",
    "search?q=async",
    "mailto:webmaster@example.com",
    "https://example.com/elsewhere",
  ]);
}

/** The tag of post `n`. */
export function postTag(n: number): string {
  return TAGS[(n * 5) % TAGS.length] ?? "async";
}

function post(n: number, path: string, host: string): Answer {
  const a = pick(path, 4, POSTS);
  const b = pick(path, 5, POSTS);
  const c = pick(path, 6, POSTS);
  const links = [
    "../",
    `../tag/${postTag(n)}`,
    n > 1 ? `./${n - 1}` : "../",
    n < POSTS ? `${n + 1}` : "../",
    // One post, five spellings: a crawler must fetch it once.
    `${a}?`,
    `${a}#comments`,
    `/site/./blog/post/${a}`,
    `http://${host}/site/blog/post/${b}`,
    `../post/${c}#top`,
    "/site/search?q=post",
  ];
  if (n === 99) links.push("/site/blog/post/121");
  return html(`Post ${n}`, path, links);
}

function blog(rest: string, path: string, host: string): Answer {
  const list = (page: number): Answer => {
    const first = (page - 1) * POSTS_PER_LIST;
    const posts = Array.from(
      { length: POSTS_PER_LIST },
      (_, i) => `/site/blog/post/${first + i + 1}`,
    );
    const pager = Array.from(
      { length: LIST_PAGES - 1 },
      (_, i) => `/site/blog/page/${i + 2}`,
    );
    const tags = TAGS.map((tag) => `/site/blog/tag/${tag}`);
    return html(`Blog, page ${page}`, path, [
      "/site/",
      ...pager,
      ...posts,
      ...tags,
    ]);
  };
  if (rest === "") return list(1);
  const listPage = /^page\/(\d{1,3})$/.exec(rest);
  if (listPage) {
    const n = Number(listPage[1]);
    if (n >= 2 && n <= LIST_PAGES) return list(n);
    return missing(`the blog has list pages 2 to ${LIST_PAGES}, not ${n}`);
  }
  const postPath = /^post\/(\d{1,4})$/.exec(rest);
  if (postPath) {
    const n = Number(postPath[1]);
    if (n >= 1 && n <= POSTS) return post(n, path, host);
    return missing(`the blog has posts 1 to ${POSTS}, not ${n}`);
  }
  const tagPath = /^tag\/([a-z]{1,20})$/.exec(rest);
  const tag = TAGS.find((t) => t === tagPath?.[1]);
  if (tag !== undefined) {
    const posts = [];
    for (let n = 1; n <= POSTS; n++) {
      if (postTag(n) === tag) posts.push(`../post/${n}`);
    }
    return html(`Tag ${tag}`, path, ["../", ...posts]);
  }
  return missing(`no blog page '${rest}'`);
}

function docs(rest: string, path: string, host: string): Answer {
  if (rest === "") {
    const chapters = Array.from({ length: CHAPTERS }, (_, i) => `ch-${i + 1}/`);
    return html("Docs", path, ["../", ...chapters]);
  }
  const match = /^ch-(\d{1,2})\/(?:(sec-(\d{1,2}))|(guide\.pdf))?$/.exec(rest);
  const ch = Number(match?.[1]);
  if (match === null || ch < 1 || ch > CHAPTERS) {
    if (rest === STUCK_PATH.slice("docs/".length)) {
      return html("Archive", path, ["./"]);
    }
    return missing(`no docs page '${rest}'`);
  }
  if (match[4] !== undefined) {
    return { kind: "file", type: "application/pdf", body: pdf(`Ch ${ch}`) };
  }
  if (match[2] === undefined) {
    const sections = Array.from({ length: SECTIONS }, (_, i) => `sec-${i + 1}`);
    const links = ["../", "guide.pdf", ...sections];
    if (ch === 4) links.push("archive");
    return html(`Chapter ${ch}`, path, links);
  }
  const sec = Number(match[3]);
  if (sec < 1 || sec > SECTIONS) {
    return missing(`chapter ${ch} has sections 1 to ${SECTIONS}, not ${sec}`);
  }
  const links = ["./", "../", `http://${host}/site/docs/ch-${ch}/guide.pdf`];
  if (sec < SECTIONS) links.push(`./sec-${sec + 1}#start`);
  else if (ch < CHAPTERS) links.push(`../ch-${ch + 1}/`);
  // Two broken links: a section and a chapter that do not exist.
  if (ch === 3 && sec === SECTIONS) links.push("sec-9");
  if (ch === CHAPTERS && sec === SECTIONS) links.push(`../ch-${CHAPTERS + 1}/`);
  return html(`Chapter ${ch}, section ${sec}`, path, links);
}

function shop(rest: string, path: string): Answer {
  if (rest === "") {
    const items = Array.from({ length: ITEMS }, (_, i) => `item/${i + 1}`);
    return html("Shop", path, ["/site/", ...items]);
  }
  if (rest === "cart") return html("Cart", path, ["./"]);
  const item = /^item\/(\d{1,3})$/.exec(rest);
  if (item) {
    const n = Number(item[1]);
    if (n < 1 || n > ITEMS) {
      return missing(`the shop has items 1 to ${ITEMS}, not ${n}`);
    }
    const other = pick(path, 7, ITEMS);
    const links = [
      "../",
      `../img/${n}.png`,
      `/site/shop/cart?add=${n}`,
      n % 4 === 0 ? `/site/moved/item/${other}` : `./${other}`,
    ];
    if (n === 13) links.push("./0");
    return html(`Item ${n}`, path, links);
  }
  const img = /^img\/(\d{1,3})\.png$/.exec(rest);
  const n = Number(img?.[1]);
  if (n >= 1 && n <= ITEMS)
    return { kind: "file", type: "image/png", body: PNG };
  return missing(`no shop page '${rest}'`);
}

function calendar(rest: string, path: string): Answer {
  const match = /^(\d{4})\/(\d{1,2})$/.exec(rest);
  if (match === null) return missing("the calendar's pages are YYYY/M");
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < CALENDAR_YEARS.min || year > CALENDAR_YEARS.max) {
    return missing(
      `the calendar has years ${CALENDAR_YEARS.min} to ` +
        `${CALENDAR_YEARS.max}, not ${year}`,
    );
  }
  if (month < 1 || month > 12) {
    return missing(`months are 1 to 12, not ${month}`);
  }
  const next = month === 12 ? `../${year + 1}/1` : `${month + 1}`;
  const prev = month === 1 ? `../${year - 1}/12` : `${month - 1}`;
  // Every month links to the next: a crawler without a depth limit (or
  // a page budget) walks on for ever.
  return html(`Calendar ${year}-${month}`, path, ["/site/", next, prev]);
}

/** What `/site/<path>` answers; `host` is used in absolute links. */
export function answerFor(path: string, host: string): Answer {
  if (path === "") return index();
  if (/(^|\/)\.\.?(\/|$)/.test(path)) {
    // `/site/./a` or `/site/a/../b`: send the client to the plain form.
    const plain = new URL(`/site/${path}`, "http://x").pathname;
    return { kind: "redirect", status: 301, location: plain };
  }
  const slash = path.indexOf("/");
  const head = slash === -1 ? path : path.slice(0, slash);
  const rest = slash === -1 ? "" : path.slice(slash + 1);
  const ring = /^page\/(\d{1,2})$/.exec(path);
  if (ring) {
    const n = Number(ring[1]);
    if (n >= 1 && n <= RING_PAGES) return html(`Page ${n}`, path, ringLinks(n));
    return missing(`the ring has pages 1 to ${RING_PAGES}, not ${n}`);
  }
  switch (path) {
    case "private/report":
      return html("Private report", path, ["/site/"]);
    case "private/press":
      return html("Press kit", path, ["/site/", "report"]);
    case "about":
      return html("About", path, [
        "/site/",
        "private/press",
        "contact",
        "go/docs",
      ]);
    case "contact":
      return html("Contact", path, ["/site/", "about", "tel:+10000000000"]);
    case "news":
      return { ...html("News", path, ["/site/", "blog/"]), busy: 1 };
    case "search":
      return html("Search", path, ["/site/search?q=more"]);
    case "old-about":
      return { kind: "redirect", status: 301, location: "/site/about" };
    case "go/shop":
      return { kind: "redirect", status: 302, location: "/site/shop/" };
    case "go/docs":
      return {
        kind: "redirect",
        status: 302,
        location: `http://${host}/site/docs/`,
      };
    case "loop/a":
      return { kind: "redirect", status: 302, location: "/site/loop/b" };
    case "loop/b":
      return { kind: "redirect", status: 302, location: "a" };
  }
  const moved = /^moved\/item\/(\d{1,3})$/.exec(path);
  if (moved) {
    return {
      kind: "redirect",
      status: 301,
      location: `/site/shop/item/${moved[1]}`,
    };
  }
  if (head === "blog" && (rest !== "" || path === "blog/")) {
    return blog(rest, path, host);
  }
  if (head === "docs" && (rest !== "" || path === "docs/")) {
    return docs(rest, path, host);
  }
  if (head === "shop" && (rest !== "" || path === "shop/")) {
    return shop(rest, path);
  }
  if (head === "calendar") return calendar(rest, path);
  return missing(`no page at /site/${path}`);
}
