// Runs the Python crawler (crawler.py: asyncio and aiohttp) against a
// server and reads its JSON report. Null when /usr/bin/python3 or its
// aiohttp is missing, with the reason.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./crawler.py", import.meta.url));
const PYTHON = "/usr/bin/python3";

export interface PythonCrawl {
  pages: { url: string; status: number; depth: number }[];
  broken: { url: string; reason: string }[];
  disallowed: string[];
}

async function output(args: string[], signal?: AbortSignal) {
  const child = spawn(PYTHON, args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...(signal && { signal }),
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (t: string) => (out += t));
  child.stderr.setEncoding("utf8").on("data", (t: string) => (err += t));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, out, err };
}

/** Why the Python crawler cannot run here, or null when it can. */
export async function pythonMissing(): Promise<string | null> {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  const probe = await output(["-c", "import aiohttp"]);
  if (probe.code !== 0)
    return "python3-aiohttp is not installed (apt-get install python3-aiohttp)";
  return null;
}

export async function runPythonCrawler(
  startUrl: string,
  perHost: number,
  maxDepth: number,
  ratePerSecond: number,
  signal?: AbortSignal,
): Promise<PythonCrawl> {
  const args = [perHost, maxDepth, ratePerSecond].map(String);
  const run = await output([SCRIPT, startUrl, ...args], signal);
  if (run.code !== 0) throw new Error(`crawler.py failed: ${run.err}`);
  return JSON.parse(run.out) as PythonCrawl;
}
