// `npm start`, the README's first command: the site and the bundled server,
// and a second one beside the first on the next free ports.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const START = new URL("../../src/cli/start.ts", import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  siteUrl: string;
  serverUrl: string;
  output: string[];
}

/** Runs `npm start`'s script and waits for the line that names both URLs. */
async function start(): Promise<Started> {
  const child = spawn(process.execPath, [START], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stderr.on("data", (chunk: Buffer) => output.push(String(chunk)));
  for await (const line of createInterface({ input: child.stdout })) {
    output.push(line);
    const urls = /^Site: (\S+)\s+Server: (\S+)\//.exec(line);
    if (urls?.[1] && urls[2]) {
      return { child, siteUrl: urls[1], serverUrl: urls[2], output };
    }
  }
  throw new Error(
    `npm start ended without naming its URLs:\n${output.join("\n")}`,
  );
}

async function stop(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  const exited = once(started.child, "exit");
  started.child.kill("SIGINT");
  const [code] = (await exited) as [number | null];
  return code;
}

describe("npm start", () => {
  const running: Started[] = [];
  afterAll(async () => {
    await Promise.all(running.map(stop));
  });

  it("serves the site and the server, twice side by side, and stops on Ctrl-C", async () => {
    for (let i = 0; i < 2; i++) running.push(await start());
    const [first, second] = running;
    if (!first || !second) throw new Error("npm start did not start twice");
    expect(second.siteUrl, second.output.join("\n")).not.toBe(first.siteUrl);
    expect(second.serverUrl).not.toBe(first.serverUrl);
    for (const { siteUrl, serverUrl, output } of running) {
      const page = await fetch(siteUrl);
      expect(page.status, output.join("\n")).toBe(200);
      expect(await page.text()).toContain("Async I/O Workshop");
      // A page's address without its slash is redirected, not a bare 404.
      const bare = await fetch(`${siteUrl}facilitator`, { redirect: "manual" });
      expect(bare.status, output.join("\n")).toBe(301);
      expect(bare.headers.get("location")).toBe("/facilitator/");
      await bare.body?.cancel();
      const stats = await fetch(`${serverUrl}/stats`);
      expect(stats.status).toBe(200);
      await stats.body?.cancel();
    }
    for (const started of running.splice(0)) {
      expect(await stop(started), started.output.join("\n")).toBe(0);
    }
  }, 90_000);
});
