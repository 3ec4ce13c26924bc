// `npm run crawl -- URL [options]`: lesson 17's polite crawler as a tool.
// It reads robots.txt, keeps to a per-host limit and rate, fetches each
// page once within the depth limit, retries transient failures with
// backoff, shows a progress line on a terminal, and ends with a report
// (or one JSON object with --json). Ctrl-C stops it cleanly: the requests
// in flight are aborted and the report so far is printed, exit code 130;
// a crawl that fetched no page at all (no server there) exits with 1.
import {
  crawl,
  CRAWL_DEFAULTS,
} from "../../lessons/17-polite-crawler/crawler.ts";
import {
  reportJson,
  reportLines,
} from "../../lessons/17-polite-crawler/report.ts";
import { isLoopbackHost } from "../lib/loopback.ts";
import { intParam } from "../server/params.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { runCli } from "./cli-error.ts";

export const CRAWL_COMMAND = defineCommand({
  command: "npm run crawl",
  usage: "URL [--concurrency N] [--max-depth D] [--json] [options]",
  summary:
    "Lesson 17's polite crawler: every page of URL's site within D links,\n" +
    "each fetched once, none that robots.txt disallows, N at a time.",
  maxPositionals: 1,
  argumentsHelp: [
    "URL  where to start (depth 0), e.g. http://127.0.0.1:8080/site/",
  ],
  options: {
    concurrency: {
      type: "string",
      value: "N",
      example: "4",
      description: `requests at once per host (default ${CRAWL_DEFAULTS.perHost}, 1 to 64)`,
    },
    rate: {
      type: "string",
      value: "R",
      example: "20",
      description: `request starts per second per host (default ${CRAWL_DEFAULTS.ratePerSecond}, 1 to 1000)`,
    },
    "max-depth": {
      type: "string",
      value: "D",
      example: "5",
      description: `links away from URL (default ${CRAWL_DEFAULTS.maxDepth}, 0 to 50)`,
    },
    "max-pages": {
      type: "string",
      value: "P",
      example: "1000",
      description: `pages at most (default ${CRAWL_DEFAULTS.maxPages}, 1 to 100000)`,
    },
    timeout: {
      type: "string",
      value: "MS",
      example: "5000",
      description: `per attempt (default ${CRAWL_DEFAULTS.timeoutMs}, 10 to 120000)`,
    },
    retries: {
      type: "string",
      value: "N",
      example: "2",
      description: `after a transient failure (default ${CRAWL_DEFAULTS.retries}, 0 to 10)`,
    },
    json: {
      type: "boolean",
      description: "print one JSON object: pages, broken, disallowed, ...",
    },
    "allow-remote": {
      type: "boolean",
      description: "crawl a host other than this machine (mind its owner)",
    },
  },
  examples: [
    "npm run crawl -- http://127.0.0.1:8080/site/",
    "npm run crawl -- http://127.0.0.1:8080/site/ --concurrency 2 --json",
  ],
  notes: [
    "Start the bundled server first (npm run server). robots.txt is read",
    "from the root of URL's host. Ctrl-C prints the report so far",
    "(exit code 130); no page crawled at all is exit code 1.",
  ],
});

async function main(): Promise<void> {
  const parsed = readCommandLine(CRAWL_COMMAND);
  if (parsed === undefined) return;
  const { values, positionals } = parsed;
  const fail = (message: string) => usageError(CRAWL_COMMAND, message);
  const start = positionals[0];
  if (start === undefined)
    throw fail("which URL? e.g. http://127.0.0.1:8080/site/");
  const url = URL.parse(start);
  if (url === null || !/^https?:$/.test(url.protocol)) {
    throw fail(`not an http(s) URL: ${start}`);
  }
  if (!isLoopbackHost(url.hostname) && values["allow-remote"] !== true) {
    throw fail(
      `${url.hostname} is not this machine; add --allow-remote to crawl it`,
    );
  }
  const number = (
    name: string,
    raw: string | undefined,
    min: number,
    max: number,
    fallback: number,
  ) => {
    try {
      return intParam(`--${name}`, raw, { min, max }, fallback);
    } catch (error) {
      throw fail((error as Error).message);
    }
  };
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const tty = process.stderr.isTTY && values.json !== true;
  const report = await crawl(url.href, {
    perHost: number(
      "concurrency",
      values.concurrency,
      1,
      64,
      CRAWL_DEFAULTS.perHost,
    ),
    ratePerSecond: number(
      "rate",
      values.rate,
      1,
      1000,
      CRAWL_DEFAULTS.ratePerSecond,
    ),
    maxDepth: number(
      "max-depth",
      values["max-depth"],
      0,
      50,
      CRAWL_DEFAULTS.maxDepth,
    ),
    maxPages: number(
      "max-pages",
      values["max-pages"],
      1,
      100_000,
      CRAWL_DEFAULTS.maxPages,
    ),
    timeoutMs: number(
      "timeout",
      values.timeout,
      10,
      120_000,
      CRAWL_DEFAULTS.timeoutMs,
    ),
    retries: number("retries", values.retries, 0, 10, CRAWL_DEFAULTS.retries),
    signal: controller.signal,
    ...(tty && {
      onProgress: (p) =>
        process.stderr.write(
          `\r\x1b[2K${p.done} done, ${p.pending} to go, ${p.broken} broken`,
        ),
    }),
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (tty) process.stderr.write("\r\x1b[2K");
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(reportJson(report))}\n`);
  } else {
    process.stdout.write(`${reportLines(report).join("\n")}\n`);
  }
  if (report.stopped) process.exitCode = 130;
  // Nothing crawled (the server is down, say): a failure, not a report.
  else if (report.pages.length === 0) process.exitCode = 1;
}

await runCli(main);
