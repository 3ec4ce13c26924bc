import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(ctx.server.url + path);
  return { status: response.status, body: await response.text() };
}

describe("/barrier/:n", () => {
  it("releases n concurrent requests together", async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => get("/barrier/3?key=together")),
    );
    expect(answers).toEqual(
      Array(3).fill({ status: 200, body: "released 3 together\n" }),
    );
    const finishes = ctx.server
      .stats()
      .requests.map((r) => r.finishedAt ?? NaN);
    const spread = Math.max(...finishes) - Math.min(...finishes);
    expect(spread, `answers spread over ${spread} ms`).toBeLessThan(100);
  });

  it("answers one-at-a-time requests with 408 saying how many arrived", async () => {
    const started = performance.now();
    const answer = await get("/barrier/2?key=alone&timeout=200");
    const elapsed = performance.now() - started;
    expect(answer).toEqual({
      status: 408,
      body:
        "barrier 'alone' timed out after 200 ms: 1 of 2 requests arrived; " +
        "the client is not sending them concurrently\n",
    });
    expect(
      elapsed,
      `timed out after ${elapsed.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(195);
    expect(elapsed, `timed out after ${elapsed.toFixed(0)} ms`).toBeLessThan(
      1200,
    );
  });

  it("forgets a client that went away, so it does not count towards n", async () => {
    const controller = new AbortController();
    const leaving = fetch(
      `${ctx.server.url}/barrier/2?key=leave&timeout=5000`,
      {
        signal: controller.signal,
      },
    );
    await waitFor(
      "the first request to wait",
      () => ctx.server.stats().inFlight,
      (n) => n === 1,
    );
    controller.abort();
    await expect(leaving).rejects.toThrow(/abort/i);
    await waitFor(
      "the first request to leave",
      () => ctx.server.stats().inFlight,
      (n) => n === 0,
    );
    const answer = await get("/barrier/2?key=leave&timeout=150");
    expect(answer.status).toBe(408);
    expect(answer.body).toContain("1 of 2 requests arrived");
  });

  it("refuses a request that asks a waiting barrier for a different n", async () => {
    const waiting = get("/barrier/2?key=mixed&timeout=3000");
    await waitFor(
      "the first request to wait",
      () => ctx.server.stats().inFlight,
      (n) => n === 1,
    );
    const other = await get("/barrier/3?key=mixed");
    expect(other).toEqual({
      status: 400,
      body: "barrier 'mixed' is waiting for 2 requests, this one asked for 3\n",
    });
    expect(await get("/barrier/2?key=mixed")).toEqual({
      status: 200,
      body: "released 2 together\n",
    });
    expect((await waiting).status).toBe(200);
  });
});
