import { Resolver } from "node:dns/promises";
import { describe, expect, test } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { poolCensus } from "./on-the-pool.ts";
import { startTinyDns } from "./tiny-dns.ts";

const ctx = useServer();

describe("libuv's thread pool", () => {
  test("with its one thread held, fs, dns.lookup, crypto, zlib and a request by host name wait; dns.resolve4, a request to an address and a timer do not", async () => {
    const census = await poolCensus({
      poolSize: 1,
      holders: 1,
      serverUrl: ctx.client.url,
    });
    expect(census.didNotWait).toEqual([
      "dns.resolve4 (c-ares)",
      "http.get of 127.0.0.1",
      "setTimeout",
    ]);
    expect(census.waited).toEqual([
      "crypto.pbkdf2",
      "crypto.randomBytes",
      "dns.lookup",
      "fs.promises.readFile",
      "fs.promises.stat",
      "http.get of localhost",
      "zlib.gzip",
    ]);
    // The server saw the request by address first: the one by name had to
    // wait for `dns.lookup`, and so for the thread.
    const { requests } = await ctx.client.stats();
    expect(requests.map((r) => r.path)).toEqual([
      "/delay/0?via=127.0.0.1",
      "/delay/0?via=localhost",
    ]);
  });

  test("has four threads by default: four held make pbkdf2 wait, three do not", async () => {
    const four = await poolCensus({ holders: 4, serverUrl: ctx.client.url });
    expect(four.waited).toContain("crypto.pbkdf2");
    const three = await poolCensus({ holders: 3, serverUrl: ctx.client.url });
    expect(three.waited).toEqual([]);
  });

  test("has a fifth thread with UV_THREADPOOL_SIZE=5", async () => {
    const census = await poolCensus({
      poolSize: 5,
      holders: 4,
      serverUrl: ctx.client.url,
    });
    expect(census.waited).toEqual([]);
  });
});

test("the tiny DNS server answers dns.resolve4 with 127.0.0.1", async () => {
  const dns = await startTinyDns();
  try {
    const resolver = new Resolver();
    resolver.setServers([dns.address]);
    expect(await resolver.resolve4("any.name.test")).toEqual(["127.0.0.1"]);
  } finally {
    await dns.close();
  }
});
