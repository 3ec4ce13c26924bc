import { expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchSlowly } from "./fetch-slowly.ts";
import { readAtRate } from "./read-at-rate.ts";

const ctx = useServer();
const MiB = 1024 * 1024;

test("readAtRate keeps to its rate", async () => {
  async function* source() {
    for (let i = 0; i < 16; i++) yield new Uint8Array(64 * 1024);
  }
  const start = performance.now();
  const bytes = await readAtRate(source(), 4 * MiB);
  const ms = performance.now() - start;
  expect(bytes).toBe(MiB);
  // 1 MiB at 4 MiB/s is 250 ms; a busy machine only makes it later.
  expect(ms, `took ${ms} ms`).toBeGreaterThanOrEqual(240);
  expect(ms, `took ${ms} ms`).toBeLessThan(1500);
});

test("reading a fetch body slowly holds the server back: it sends for most of the read", async () => {
  const url = `${ctx.client.url}/bytes/${16 * MiB}`;
  const result = await fetchSlowly(url, 16 * MiB);
  expect(result.bytes).toBe(16 * MiB);
  const [request] = (await ctx.client.stats()).requests.filter((r) =>
    r.path.startsWith("/bytes"),
  );
  const sending = (request?.finishedAt ?? 0) - (request?.firstByteAt ?? 0);
  // The reader took about a second; only the buffers on the way (a few MiB)
  // let the server finish before it.
  expect(
    sending / result.ms,
    `sent for ${sending} of ${result.ms} ms`,
  ).toBeGreaterThan(0.5);
});
