import { describe, expect, it } from "vitest";
import { findRoute, ROUTES } from "../../src/server/routes.ts";
import { useServer } from "../helpers/server.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();

describe("route lookup", () => {
  it("finds fixed paths whole and parameter routes by their first segment", () => {
    expect(findRoute("/fault/reset")?.route.pattern).toBe("/fault/reset");
    expect(findRoute("/delay/250")).toMatchObject({
      route: { pattern: "/delay/:ms" },
      param: "250",
    });
    expect(findRoute("/site/page/3")).toMatchObject({
      route: { pattern: "/site/" },
      param: "page/3",
    });
    expect(findRoute("/fault/unknown")).toBeUndefined();
  });
});

describe("GET /", () => {
  it("lists every route with its description", async () => {
    const response = await fetch(`${ctx.server.url}/`);
    const text = await response.text();
    expect(response.status).toBe(200);
    for (const route of ROUTES) expect(text).toContain(`${route.pattern} `);
    expect(text).toContain("POST /stats/reset");
  });
});

describe("timed routes", () => {
  it("answers /delay/:ms after about that long", async () => {
    const started = performance.now();
    const response = await fetch(`${ctx.server.url}/delay/200`);
    const body = await response.text();
    const elapsed = performance.now() - started;
    expect(body).toBe("waited 200 ms\n");
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeGreaterThanOrEqual(
      195,
    );
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeLessThan(1000);
  });

  it("answers /bar and /foo after one second each, with the seed's bodies", async () => {
    const started = performance.now();
    const [bar, foo] = await Promise.all(
      ["/bar", "/foo"].map(async (path) =>
        (await fetch(ctx.server.url + path)).text(),
      ),
    );
    const elapsed = performance.now() - started;
    expect([bar, foo]).toEqual(["bar", "foo"]);
    expect(
      elapsed,
      `both took ${elapsed.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(995);
    expect(elapsed, `both took ${elapsed.toFixed(0)} ms`).toBeLessThan(1800);
  });

  it("clears the wait when the client goes away, and logs the request as aborted", async () => {
    const controller = new AbortController();
    const pending = fetch(`${ctx.server.url}/delay/5000`, {
      signal: controller.signal,
    });
    await waitForInFlight(1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    const [record] = (await waitForInFlight(0)).requests;
    expect(record).toMatchObject({
      outcome: "aborted",
      status: 0,
      firstByteAt: null,
    });
  });
});

describe("/status/:code", () => {
  it("answers the asked status with its reason phrase", async () => {
    const response = await fetch(`${ctx.server.url}/status/418`);
    expect(response.status).toBe(418);
    expect(await response.text()).toBe("418 I'm a Teapot\n");
  });

  it("sends no body and no length with 204", async () => {
    const response = await fetch(`${ctx.server.url}/status/204`);
    expect(response.status).toBe(204);
    expect(response.headers.get("content-length")).toBeNull();
  });

  it("waits ?after= ms before answering", async () => {
    const start = performance.now();
    const response = await fetch(`${ctx.server.url}/status/503?after=150`);
    const ms = performance.now() - start;
    expect(response.status).toBe(503);
    expect(ms, `answered after ${ms} ms`).toBeGreaterThanOrEqual(145);
  });
});

describe("/echo", () => {
  it("answers any method with the request as JSON", async () => {
    const response = await fetch(`${ctx.server.url}/echo?x=1`, {
      method: "PUT",
      headers: { "x-lesson": "echo" },
      body: "hello",
    });
    expect(await response.json()).toMatchObject({
      method: "PUT",
      path: "/echo?x=1",
      headers: { "x-lesson": "echo" },
      body: "hello",
    });
  });

  it("refuses a body over 1 MiB with 413, declared or streamed", async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    const declared = await fetch(`${ctx.server.url}/echo`, {
      method: "POST",
      body: big,
    });
    expect(declared.status).toBe(413);
    await declared.text();
    // Node's fetch needs `duplex` for a streamed body; the DOM typings lack it.
    const streaming: RequestInit & { duplex: "half" } = {
      method: "POST",
      body: new Blob([big]).stream(),
      duplex: "half",
    };
    const streamed = await fetch(`${ctx.server.url}/echo`, streaming);
    expect(streamed.status).toBe(413);
    expect(await streamed.text()).toContain("1048576 bytes");
  });
});

describe("HEAD", () => {
  it("sends the headers a GET would, without the body", async () => {
    const response = await fetch(`${ctx.server.url}/bytes/1000`, {
      method: "HEAD",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("1000");
    expect(await response.text()).toBe("");
  });

  it("still waits on /delay, as a GET would", async () => {
    const started = performance.now();
    const response = await fetch(`${ctx.server.url}/delay/100`, {
      method: "HEAD",
    });
    const elapsed = performance.now() - started;
    expect(response.headers.get("content-length")).toBe(
      String("waited 100 ms\n".length),
    );
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeGreaterThanOrEqual(95);
  });
});

describe("bad requests", () => {
  it.each([
    ["/delay/abc", "delay must be an integer from 0 to 60000 ms, got 'abc'"],
    [
      "/delay/60001",
      "delay must be an integer from 0 to 60000 ms, got '60001'",
    ],
    ["/delay/", "delay must be an integer from 0 to 60000 ms, got ''"],
    ["/bytes/67108865", "n must be an integer from 0 to 67108864 bytes"],
    [
      "/bytes/10?chunk=0",
      "chunk must be an integer from 1 to 1048576 bytes, got '0'",
    ],
    ["/drip?chunks=0", "chunks must be an integer from 1 to 1000, got '0'"],
    ["/drip?interval=10001", "interval must be an integer from 0 to 10000 ms"],
    ["/chunked?size=70000", "size must be an integer from 1 to 65536 bytes"],
    ["/status/199", "status must be an integer from 200 to 599, got '199'"],
    ["/status/600", "status must be an integer from 200 to 599, got '600'"],
    [
      "/status/500?after=x",
      "after must be an integer from 0 to 60000 ms, got 'x'",
    ],
    ["/barrier/0", "n must be an integer from 1 to 10000, got '0'"],
    ["/barrier/2?timeout=0", "timeout must be an integer from 1 to 60000 ms"],
    [
      "/jitter?seed=-1",
      "seed must be an integer from 0 to 4294967295, got '-1'",
    ],
    [
      "/jitter?min=500&max=100",
      "min must not be more than max, got min=500 max=100",
    ],
    [
      "/fault/slow-headers?ms=20000",
      "ms must be an integer from 0 to 10000 ms",
    ],
  ])("answers %s with 400 and the reason", async (path, reason) => {
    const response = await fetch(ctx.server.url + path);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(reason);
  });

  it("answers an unknown path with 404 pointing at the route list", async () => {
    const response = await fetch(`${ctx.server.url}/fault/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe(
      "no route for /fault/nope; GET / lists the routes\n",
    );
  });

  it("answers a method a route does not take with 405 and Allow", async () => {
    const response = await fetch(`${ctx.server.url}/delay/0`, {
      method: "POST",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    await response.text();
    const stats = await fetch(`${ctx.server.url}/stats`, { method: "PUT" });
    expect(stats.status).toBe(405);
    expect(stats.headers.get("allow")).toBe("GET, HEAD, DELETE");
    await stats.text();
  });
});

function waitForInFlight(count: number) {
  return waitFor(
    `${count} request(s) in flight`,
    () => ctx.server.stats(),
    (s) => s.inFlight === count,
  );
}
