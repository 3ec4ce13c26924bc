// Run by on-the-pool.ts in a process of its own, with the UV_THREADPOOL_SIZE
// it was given. Holds `holders` of the pool's threads in `open()` of a named
// pipe that has no writer yet, tries one call of each kind, and prints one
// line of JSON: which calls finished while the threads were held.
import { execFileSync } from "node:child_process";
import { pbkdf2, randomBytes } from "node:crypto";
import { lookup, Resolver } from "node:dns/promises";
import { once } from "node:events";
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { startTinyDns } from "./tiny-dns.ts";

const [holdersArg = "0", serverUrl = ""] = process.argv.slice(2);
const holders = Number(holdersArg);
// How long the threads are held, unless every call is done before.
const HOLD_MS = 1000;

/** GET /delay/0 with `node:http` from `host`: an address, or a name. */
async function httpGet(host: string): Promise<void> {
  const url = new URL(serverUrl);
  const request = get({
    host,
    port: url.port,
    path: `/delay/0?via=${host}`,
    family: 4,
  });
  const [response] = (await once(request, "response")) as [
    NodeJS.ReadableStream,
  ];
  for await (const chunk of response) void chunk;
}

const dns = await startTinyDns();
const resolver = new Resolver();
resolver.setServers([dns.address]);

// #region calls
const CALLS: Record<string, () => Promise<unknown>> = {
  "fs.promises.readFile": () => readFile(import.meta.filename),
  "fs.promises.stat": () => stat(import.meta.filename),
  "dns.lookup": () => lookup("localhost"),
  "dns.resolve4 (c-ares)": () => resolver.resolve4("pool.test"),
  "crypto.pbkdf2": () => promisify(pbkdf2)("pw", "salt", 1, 32, "sha256"),
  "crypto.randomBytes": () => promisify(randomBytes)(32),
  "zlib.gzip": () => promisify(gzip)("hello"),
  "http.get of 127.0.0.1": () => httpGet("127.0.0.1"),
  "http.get of localhost": () => httpGet("localhost"),
  setTimeout: () => new Promise((resolve) => setTimeout(resolve, 1)),
};
// #endregion

const dir = mkdtempSync(join(tmpdir(), "on-the-pool-"));
const pipes = Array.from({ length: holders }, (_, i) => join(dir, `${i}`));
// Node has no `mkfifo` of its own; the command is there on Linux and macOS.
for (const pipe of pipes) execFileSync("mkfifo", [pipe]);
// Each `open` waits in a pool thread until the pipe has a writer.
const opening = pipes.map((pipe) => open(pipe, "r"));
const finished: string[] = [];
const calls = Object.entries(CALLS).map(([name, call]) =>
  call().then(() => void finished.push(name)),
);
const all = Promise.all(calls);
await Promise.race([
  all,
  new Promise((resolve) => setTimeout(resolve, HOLD_MS)),
]);
const whileHeld = finished.toSorted();
// A writer that does not wait: the reader is there, so the pipe opens at
// once, and each `open` above returns and frees its thread.
const writers = pipes.map((pipe) =>
  openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK),
);
for (const reader of await Promise.all(opening)) await reader.close();
for (const writer of writers) closeSync(writer);
await all;
rmSync(dir, { recursive: true, force: true });
await dns.close();
console.log(JSON.stringify({ whileHeld, all: Object.keys(CALLS).sort() }));
