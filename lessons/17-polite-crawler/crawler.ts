// The polite crawler: from one URL, every page of its origin within
// `maxDepth` links, each fetched once, none that robots.txt disallows, at
// most `perHost` at a time and `ratePerSecond` starts a second per host.
// Redirects are followed by hand, so that each hop is checked against
// robots.txt and the seen set, and a loop is reported, not followed.
// A default import: `astro check` misreads undici's named re-exports.
import undici from "undici";
import { mulberry32 } from "../../src/server/prng.ts";
import { createScheduler, type HostScheduler } from "./host-scheduler.ts";
import { extractLinks } from "./links.ts";
import { normalizeUrl } from "./normalize.ts";
import {
  FetchFailed,
  politeFetch,
  type Fetched,
  type FetchPolicy,
} from "./polite-fetch.ts";
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type Robots } from "./robots.ts";

export interface CrawlOptions {
  /** Requests in flight at once per host (default 4). */
  perHost?: number;
  /** Request starts per second per host (default 20). */
  ratePerSecond?: number;
  /** Link distance from the start URL, which is 0 (default 5). */
  maxDepth?: number;
  /** Pages fetched at most, a bound behind the depth (default 1000). */
  maxPages?: number;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  userAgent?: string;
  /** Seed of the retry jitter. */
  seed?: number;
  signal?: AbortSignal;
  /** A scheduler of your own (the exercise's), instead of ours. */
  scheduler?: HostScheduler;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  done: number;
  /** Pages found and not fetched yet (waiting or in flight). */
  pending: number;
  broken: number;
}

export interface Page {
  /** The URL after redirects. */
  url: string;
  status: number;
  depth: number;
  type: string;
  attempts: number;
  /** The URLs that redirected here, in order. */
  redirectedFrom?: string[];
}

export interface Broken {
  url: string;
  /** The page that links to it (null for the start URL). */
  from: string | null;
  status: number | null;
  reason: string;
}

export interface CrawlReport {
  start: string;
  pages: Page[];
  broken: Broken[];
  /** URLs within the depth limit that robots.txt disallows: not fetched. */
  disallowed: string[];
  /** Why robots.txt was not read as rules (null when it was). */
  robotsNote: string | null;
  /** Links to other origins, not followed. */
  external: string[];
  /** URLs found one link past the depth limit, not fetched. */
  pastDepth: number;
  /** True when the crawl was stopped (Ctrl-C) before it ended. */
  stopped: boolean;
  /** True when `maxPages` cut it short. */
  truncated: boolean;
  elapsedMs: number;
}

const MAX_REDIRECTS = 10;

export const CRAWL_DEFAULTS = {
  perHost: 4,
  ratePerSecond: 20,
  maxDepth: 5,
  maxPages: 1000,
  timeoutMs: 5000,
  retries: 2,
  backoffMs: 100,
  userAgent: "workshop-crawler",
};

const isRedirect = (got: Fetched): boolean =>
  got.status >= 300 && got.status < 400 && got.location !== null;

// The rules, and a note when they are not the file's (null when they are).
async function loadRobots(
  origin: string,
  policy: FetchPolicy,
): Promise<[Robots, string | null]> {
  const none = "nothing may be crawled (RFC 9309)";
  try {
    let got = await politeFetch(`${origin}/robots.txt`, policy);
    // RFC 9309: follow at least five redirects (to another host too).
    for (let hop = 0; hop < 5 && isRedirect(got); hop++) {
      const target = normalizeUrl(got.location ?? "", got.url);
      if (target === null) break;
      got = await politeFetch(target, policy);
    }
    if (isRedirect(got)) {
      return [ALLOW_ALL, "robots.txt redirects too often: all allowed"];
    }
    if (got.status >= 500) {
      return [DISALLOW_ALL, `robots.txt answered ${got.status}: ${none}`];
    }
    if (got.status !== 200) {
      return [ALLOW_ALL, `robots.txt answered ${got.status}: all allowed`];
    }
    return [parseRobots(got.text ?? "", policy.userAgent), null];
  } catch (error) {
    // RFC 9309: robots.txt unreachable means nothing may be crawled.
    if (error instanceof FetchFailed) {
      return [
        DISALLOW_ALL,
        `robots.txt unreachable (${error.message}): ${none}`,
      ];
    }
    throw error;
  }
}

// #region crawl
export async function crawl(
  startUrl: string,
  options: CrawlOptions = {},
): Promise<CrawlReport> {
  const o = { ...CRAWL_DEFAULTS, ...options };
  const started = performance.now();
  const start = normalizeUrl(startUrl, startUrl);
  if (start === null) throw new Error(`not an http(s) URL: ${startUrl}`);
  const origin = new URL(start).origin;
  const signal = options.signal ?? new AbortController().signal;
  // A pool of our own, at most `perHost` connections to one origin, so
  // that the end of the crawl can close every socket it opened.
  const dispatcher = new undici.Agent({ connections: o.perHost });
  const policy: FetchPolicy = {
    scheduler:
      options.scheduler ??
      createScheduler({ perHost: o.perHost, ratePerSecond: o.ratePerSecond }),
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    backoffMs: o.backoffMs,
    maxRetryAfterMs: 30_000,
    userAgent: o.userAgent,
    random: mulberry32(options.seed ?? 1),
    signal,
    dispatcher,
  };
  const report: CrawlReport = {
    start,
    pages: [],
    broken: [],
    disallowed: [],
    robotsNote: null,
    external: [],
    pastDepth: 0,
    stopped: false,
    truncated: false,
    elapsedMs: 0,
  };
  // Every URL we fetched, are fetching or will fetch: the dedupe.
  const seen = new Set<string>();
  const pastDepth = new Set<string>();
  const external = new Set<string>();
  const disallowed = new Set<string>();
  // The pages found for the next depth.
  let next = new Map<string, string | null>();
  let running = 0;
  let robots: Robots = ALLOW_ALL;

  // After a stop, the aborted visits end one by one: no progress for them.
  const progress = (): void => {
    if (signal.aborted) return;
    o.onProgress?.({
      done: report.pages.length + report.broken.length,
      pending: running + next.size,
      broken: report.broken.length,
    });
  };

  // True when `url` may be fetched; records why not otherwise.
  const admit = (url: string, depth: number): boolean => {
    if (new URL(url).origin !== origin) {
      external.add(url);
      return false;
    }
    if (seen.has(url)) return false;
    if (depth > o.maxDepth) {
      pastDepth.add(url);
      return false;
    }
    const { pathname, search } = new URL(url);
    if (!robots.allows(pathname + search)) {
      disallowed.add(url);
      return false;
    }
    if (seen.size >= o.maxPages) {
      report.truncated = true;
      return false;
    }
    seen.add(url);
    return true;
  };

  const visit = async (first: string, depth: number, from: string | null) => {
    const chain = [first];
    let url = first;
    for (;;) {
      const got = await politeFetch(url, policy);
      if (isRedirect(got) && got.location !== null) {
        const target = normalizeUrl(got.location, url);
        if (target === null || chain.length > MAX_REDIRECTS) {
          throw new FetchFailed(`bad or endless redirect from ${url}`, 1);
        }
        if (chain.includes(target)) {
          const loop = [...chain, target].join(" -> ");
          throw new FetchFailed(`redirect loop: ${loop}`, 1);
        }
        chain.push(target);
        // A redirect's target counts at the depth of the link: fetch it
        // now even if a page of the next depth links to it too.
        const queued = next.delete(target);
        if (!queued && !admit(target, depth)) return;
        url = target;
        continue;
      }
      if (got.status >= 400) {
        report.broken.push({
          url: first,
          from,
          status: got.status,
          reason: `HTTP ${got.status}`,
        });
        return;
      }
      report.pages.push({
        url,
        status: got.status,
        depth,
        type: got.type.split(";")[0] ?? "",
        attempts: got.attempts,
        ...(chain.length > 1 && { redirectedFrom: chain.slice(0, -1) }),
      });
      const html = got.type.startsWith("text/html") ? got.text : null;
      for (const href of extractLinks(html ?? "")) {
        const link = normalizeUrl(href, url);
        if (link !== null && admit(link, depth + 1)) next.set(link, url);
      }
      return;
    }
  };

  const visitOrReport = async (
    url: string,
    depth: number,
    from: string | null,
  ) => {
    running++;
    try {
      await visit(url, depth, from);
    } catch (error) {
      if (signal.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      report.broken.push({ url, from, status: null, reason });
    } finally {
      running--;
      progress();
    }
  };

  try {
    [robots, report.robotsNote] = await loadRobots(origin, policy);
    if (admit(start, 0)) next.set(start, null);
    // Depth by depth: every page of depth d is found while depth d - 1 is
    // crawled, so a page's depth is its shortest link distance.
    for (let depth = 0; next.size > 0 && !signal.aborted; depth++) {
      const wave = next;
      next = new Map();
      await Promise.all(
        [...wave].map(([url, from]) => visitOrReport(url, depth, from)),
      );
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    await dispatcher.close();
  }
  report.stopped = signal.aborted;
  report.disallowed = [...disallowed];
  report.external = [...external];
  report.pastDepth = pastDepth.size;
  report.elapsedMs = performance.now() - started;
  return report;
}
// #endregion
