import { expect, test } from "vitest";
import { formatMs } from "../../src/lib/format.ts";
import { useServer } from "../../test/helpers/server.ts";
import { runInFreshProcess } from "./pool-vs-socket.ts";

const ctx = useServer();

test("with every pool thread hashing, fs.readFile waits for a thread to free up while a socket request does not", async () => {
  const report = await runInFreshProcess(ctx.server.url, 2, 2_000_000);
  const firstHash = Math.min(...report.hashesMs);
  expect(
    report.readFileMs,
    `read ${formatMs(report.readFileMs)}, first hash ${formatMs(firstHash)}`,
  ).toBeGreaterThanOrEqual(firstHash);
  expect(
    report.getMs,
    `GET ${formatMs(report.getMs)}, first hash ${formatMs(firstHash)}`,
  ).toBeLessThan(firstHash);
  expect(ctx.server.stats().requests.map((r) => r.status)).toEqual([200]);
}, 30_000);

test("a GET to localhost waits for a pool thread too: dns.lookup runs on the pool", async () => {
  const url = new URL(ctx.server.url);
  url.hostname = "localhost";
  const report = await runInFreshProcess(url.origin, 2, 2_000_000);
  const firstHash = Math.min(...report.hashesMs);
  expect(
    report.getMs,
    `GET ${formatMs(report.getMs)}, first hash ${formatMs(firstHash)}`,
  ).toBeGreaterThanOrEqual(firstHash);
  expect(ctx.server.stats().requests.map((r) => r.status)).toEqual([200]);
}, 30_000);
