// `npm start`: builds the site if a source changed since the last build,
// serves it with `astro preview`, and runs the bundled server beside it,
// until Ctrl-C (or SIGTERM, or a closed terminal) stops both. It also runs
// the local runner (src/runner/) for the pages' Run and Check buttons, and
// serves a copy of dist/ whose pages carry the runner's address and secret.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { isBuildFresh } from "../lib/build-freshness.ts";
import {
  PortInUseError,
  startServer,
  type BundledServer,
} from "../server/index.ts";
import { defineCommand, readCommandLine } from "./args.ts";
import { Children, onStop } from "./children.ts";
import { CliError, runCli } from "./cli-error.ts";
import {
  siteOrigins,
  startSiteRunner,
  type SiteRunner,
} from "../runner/setup.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SOURCES = [
  "src",
  "lessons",
  "public",
  "astro.config.mjs",
  "package.json",
];
const HOST = "127.0.0.1";
const SITE_PORT = 4321;
const SERVER_PORT = 8080;
const ECHO_PORT = 8081;
const SITE_READY_WITHIN_MS = 30_000;

const START_COMMAND = defineCommand({
  command: "npm start",
  usage: "",
  summary:
    "Builds the site if a source changed since the last build, serves it on\n" +
    `http://${HOST}:${SITE_PORT}/ (or the next free port) and runs the bundled server on\n` +
    `${SERVER_PORT}, echo ${ECHO_PORT} (or free ports) beside it, until Ctrl-C stops both.`,
  options: {},
});

// Everything npm start runs beside itself, stopped together.
const children = new Children();
// Set by a stop signal: what is still starting gives up quietly, since the
// signal's handler stops the rest and exits.
let stopping = false;

async function buildIfStale(): Promise<void> {
  const sources = SOURCES.map((source) => join(ROOT, source));
  if (isBuildFresh(join(ROOT, "dist", "index.html"), sources)) {
    console.log("The site in dist/ is up to date; skipping the build.");
    return;
  }
  console.log("Building the site (npm run build)…");
  const build = children.add(
    spawn("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" }),
  );
  const [code] = (await once(build, "exit")) as [number | null];
  if (code !== 0 && !stopping) {
    throw new CliError(`the build failed (exit code ${code})`);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once("error", () => resolvePort(false));
    probe.listen(port, HOST, () => probe.close(() => resolvePort(true)));
  });
}

async function freePortFrom(port: number): Promise<number> {
  for (let candidate = port; candidate < port + 50; candidate++) {
    if (await isFree(candidate)) return candidate;
  }
  throw new CliError(`no free port between ${port} and ${port + 49}`);
}

async function startBundledServer() {
  try {
    return await startServer({
      host: HOST,
      port: SERVER_PORT,
      echoPort: ECHO_PORT,
    });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.log(`${error.message}; the server takes free ports instead.`);
    return startServer({ host: HOST, port: 0, echoPort: 0 });
  }
}

/** Resolves once the preview answers, or throws if it exits or takes too long. */
async function waitForSite(url: string, preview: ChildProcess): Promise<void> {
  const deadline = performance.now() + SITE_READY_WITHIN_MS;
  while (performance.now() < deadline) {
    if (preview.exitCode !== null) {
      throw new CliError(`astro preview exited with code ${preview.exitCode}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }
  throw new CliError(`the site did not answer at ${url} within 30 s`);
}

async function main(): Promise<void> {
  if (!readCommandLine(START_COMMAND)) return;
  const started: { server?: BundledServer; runner?: SiteRunner } = {};
  // From here on, a stop signal (or npm gone) stops whatever has started:
  // the build, the preview, the server; and this process exits with 0.
  onStop(async () => {
    stopping = true;
    console.log("\nStopping the site and the server…");
    await children.stopAll();
    await started.server?.close();
    await started.runner?.close();
  });
  await buildIfStale();
  if (stopping) return;
  const sitePort = await freePortFrom(SITE_PORT);
  if (sitePort !== SITE_PORT)
    console.log(`Port ${SITE_PORT} is busy; the site uses ${sitePort}.`);
  const server = await startBundledServer();
  started.server = server;
  if (stopping) return server.close();
  const runner = await startSiteRunner(join(ROOT, "dist"), {
    origins: siteOrigins(sitePort),
  });
  started.runner = runner;
  if (stopping) return;
  const astro = join(ROOT, "node_modules", "astro", "bin", "astro.mjs");
  // --ignore-lock: astro otherwise refuses a second preview of the same
  // project (a second `npm start` should simply take the next port), and
  // may move itself to the background, out of reach of Ctrl-C.
  const preview: ChildProcess = children.add(
    spawn(
      process.execPath,
      [
        astro,
        "preview",
        "--ignore-lock",
        "--outDir",
        runner.site.dir,
        "--host",
        HOST,
        "--port",
        String(sitePort),
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
    ),
  );
  preview.once("exit", (code) => {
    if (!stopping && code !== null && code !== 0) {
      console.error(`astro preview exited with code ${code}`);
      void Promise.all([server.close(), runner.close()]).then(() =>
        process.exit(1),
      );
    }
  });
  const siteUrl = `http://${HOST}:${sitePort}/`;
  try {
    await waitForSite(siteUrl, preview);
  } catch (error) {
    if (stopping) return;
    await children.stopAll();
    await server.close();
    await runner.close();
    throw error;
  }
  if (stopping) return;
  console.log(
    `\nSite: ${siteUrl}  Server: ${server.url}/  Echo: ${server.host}:${server.echoPort}\n` +
      "Lessons can use this server: npm run lesson -- 1 --server " +
      `${server.url}\n` +
      `The pages' Run and Check buttons use the runner at ${runner.runner.url}/.\n` +
      "Press Ctrl-C to stop both.",
  );
}

await runCli(main);
