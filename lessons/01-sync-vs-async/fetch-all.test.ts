import { describe, expect, it } from "vitest";
import type { RequestRecord } from "../../src/server/types.ts";
import {
  expectAllInFlightTogether,
  expectOneAfterAnother,
} from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { fetchConcurrently, fetchSequentially } from "./fetch-all.ts";
import { fetchPath } from "./fetch-path.ts";

const ctx = useServer();

async function timed<T>(work: () => Promise<T>) {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

function finishedAt(record: RequestRecord): number {
  expect(record.finishedAt, `${record.path} never finished`).not.toBeNull();
  return record.finishedAt ?? Number.NaN;
}

describe("fetchPath", () => {
  it("resolves with the body of a successful response", async () => {
    const body = await fetchPath(ctx.server.url, "/delay/10");
    expect(body).toBe("waited 10 ms\n");
  });

  it("rejects with the status and the server's reason on a 4xx", async () => {
    await expect(fetchPath(ctx.server.url, "/delay/oops")).rejects.toThrow(
      /GET \/delay\/oops answered 400: .+/,
    );
  });
});

describe("the original Python tutorial's /bar and /foo, one second each", () => {
  it("fetched one after another, each request arrives after the previous one finished", async () => {
    const { value, ms } = await timed(() =>
      fetchSequentially(ctx.server.url, ["/bar", "/foo"]),
    );
    expect(value).toEqual(["bar", "foo"]);
    const [bar, foo] = ctx.server.stats().requests;
    expect(bar?.path).toBe("/bar");
    expect(foo?.path).toBe("/foo");
    if (bar === undefined || foo === undefined) return;
    expect(
      foo.arrivedAt,
      `/foo arrived at ${foo.arrivedAt} ms, /bar finished at ${bar.finishedAt} ms`,
    ).toBeGreaterThanOrEqual(finishedAt(bar));
    expect(ctx.server.stats().peakInFlight).toBe(1);
    expect(
      ms,
      `two one-second requests in a row took ${ms} ms`,
    ).toBeGreaterThanOrEqual(2000);
  });

  it("fetched concurrently, both are in flight before either finishes", async () => {
    const { value, ms } = await timed(() =>
      fetchConcurrently(ctx.server.url, ["/bar", "/foo"]),
    );
    expect(value).toEqual(["bar", "foo"]);
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(2);
    expectAllInFlightTogether(requests);
    expect(ms, `two concurrent one-second requests took ${ms} ms`).toBeLessThan(
      1800,
    );
  });
});

describe("N requests: sequential time is the sum, concurrent the longest", () => {
  const delays = [300, 100, 500, 200, 400];
  const paths = delays.map((ms) => `/delay/${ms}`);
  const sum = delays.reduce((a, b) => a + b, 0);
  const longest = Math.max(...delays);

  it("one after another, the requests never overlap and the time is about the sum", async () => {
    const { value, ms } = await timed(() =>
      fetchSequentially(ctx.server.url, paths),
    );
    expect(value).toEqual(delays.map((d) => `waited ${d} ms\n`));
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(1);
    expectOneAfterAnother(requests);
    const ratio = ms / sum;
    expect(
      ratio,
      `took ${ms} ms for delays summing to ${sum} ms`,
    ).toBeGreaterThanOrEqual(1);
    expect(ratio, `took ${ms} ms for delays summing to ${sum} ms`).toBeLessThan(
      1.5,
    );
  });

  it("all at once, every request arrives before any finishes and the time is about the longest", async () => {
    const sequential = await timed(() =>
      fetchSequentially(ctx.server.url, paths),
    );
    ctx.server.resetStats();
    const { value, ms } = await timed(() =>
      fetchConcurrently(ctx.server.url, paths),
    );
    expect(value).toEqual(delays.map((d) => `waited ${d} ms\n`));
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(delays.length);
    expectAllInFlightTogether(requests);
    expect(
      ms,
      `took ${ms} ms; the longest delay is ${longest} ms`,
    ).toBeGreaterThanOrEqual(longest);
    const ratio = ms / sequential.ms;
    expect(
      ratio,
      `concurrent ${ms} ms / sequential ${sequential.ms} ms = ${ratio}`,
    ).toBeLessThan(0.7);
  });
});
