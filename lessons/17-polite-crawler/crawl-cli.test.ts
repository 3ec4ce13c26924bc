import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { waitFor } from "../../test/server/wait-for.ts";

const ctx = useServer();
const CLI = fileURLToPath(new URL("../../src/cli/crawl.ts", import.meta.url));

/** Runs `npm run crawl`'s script; `onOut` sees stdout as it comes. */
async function crawlCli(args: string[], onOut?: (text: string) => void) {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (t: string) => {
    out += t;
    onOut?.(out);
  });
  child.stderr.setEncoding("utf8").on("data", (t: string) => (err += t));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, out, err, child };
}

describe("npm run crawl", () => {
  it("prints one JSON object with pages, broken and disallowed", async () => {
    const run = await crawlCli([
      `${ctx.server.url}/site/`,
      "--max-depth",
      "1",
      "--concurrency",
      "2",
      "--rate",
      "200",
      "--json",
    ]);
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out) as {
      pages: { url: string; status: number; depth: number }[];
      broken: { url: string }[];
      disallowed: string[];
    };
    expect(report.pages[0]).toMatchObject({ depth: 0, status: 200 });
    expect(report.pages.every((p) => p.depth <= 1)).toBe(true);
    expect(report.broken.map((b) => new URL(b.url).pathname)).toEqual([
      "/site/loop/a",
    ]);
    expect(report.disallowed.length).toBeGreaterThan(0);
  });

  it("refuses another host, and bad numbers, with exit code 2", async () => {
    const remote = await crawlCli(["http://example.com/"]);
    expect(remote.code).toBe(2);
    expect(remote.err).toContain("--allow-remote");
    const bad = await crawlCli([`${ctx.server.url}/`, "--max-depth", "99"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--max-depth must be an integer from 0 to 50");
  });

  it("says why when nothing answers, and exits with 1", async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const address = probe.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise((resolve) => probe.close(resolve));
    const run = await crawlCli([`http://127.0.0.1:${port}/site/`]);
    expect(run.code, run.err).toBe(1);
    expect(run.out).toMatch(/robots\.txt unreachable \(.*ECONNREFUSED/);
    expect(run.out).toContain("nothing may be crawled");
  });

  it("stops on SIGINT with the report so far and exit code 130", async () => {
    // The 30-second page keeps the crawl busy; the signal comes once the
    // server has seen its first request for it.
    const child = spawn(
      process.execPath,
      [CLI, `${ctx.server.url}/site/docs/ch-4/`, "--timeout", "20000"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => (out += t));
    const closed = once(child, "close");
    await waitFor(
      "the crawler's request for the 30-second page",
      () => ctx.server.stats().requests.map((r) => r.path),
      (paths) => paths.some((path) => path.endsWith("/archive")),
      10_000,
    );
    child.kill("SIGINT");
    const [code] = (await closed) as [number | null];
    expect(code).toBe(130);
    expect(out).toMatch(
      /^crawled \/site\/docs\/ch-4\/: \d+ pages in .*\(stopped early\)/,
    );
  });
});
