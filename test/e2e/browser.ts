// Debian's chromium driven by playwright-core, one browser per test file and
// a fresh context (empty localStorage) per test.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, inject } from "vitest";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = resolve("test-results", "screenshots");

export interface Site {
  url: (path: string) => string;
  /** A new, isolated browser context; closed after the test. */
  context: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** Opens `path` in a new context, collecting console and page errors. */
  open: (
    path: string,
    options?: BrowserContextOptions,
  ) => Promise<{ page: Page; errors: string[] }>;
  /** Paths of every built lesson page, e.g. "/lessons/sync-vs-async/". */
  lessonPaths: () => string[];
  screenshot: (page: Page, name: string) => Promise<void>;
}

export function useSite(): Site {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const base = inject("siteUrl");
  const dist = inject("distDir");

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `chromium not found at ${CHROMIUM}: run \`apt-get install chromium\` ` +
          `(or set CHROMIUM_PATH)`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const url = (path: string): string => new URL(path, base).href;

  const context = async (
    options: BrowserContextOptions = {},
  ): Promise<BrowserContext> => {
    if (!browser) throw new Error("the browser did not start");
    const created = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    contexts.push(created);
    return created;
  };

  return {
    url,
    context,
    async open(path, options) {
      const page = await (await context(options)).newPage();
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") {
          errors.push(`console: ${message.text()} (${message.location().url})`);
        }
      });
      page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
      const response = await page.goto(url(path));
      if (!response?.ok()) {
        throw new Error(`GET ${path} answered ${response?.status()}`);
      }
      return { page, errors };
    },
    lessonPaths() {
      return readdirSync(join(dist, "lessons"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `/lessons/${entry.name}/`)
        .sort();
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
      });
    },
  };
}
