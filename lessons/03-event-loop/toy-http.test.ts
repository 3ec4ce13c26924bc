import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { ToyLoop } from "./toy-loop.ts";
import { getOnLoop } from "./toy-http.ts";
import type { ToyResponse } from "./toy-http.ts";

const ctx = useServer();

/** Start one GET per path on a fresh toy loop and run the loop to the end. */
async function runRequests(paths: string[]) {
  const loop = new ToyLoop();
  const results = new Map<string, ToyResponse | Error>();
  const finishedOrder: string[] = [];
  paths.forEach((path, index) => {
    const name = String.fromCharCode(65 + index);
    loop.callSoon(() => {
      getOnLoop(loop, ctx.server.url + path, name, (error, response) => {
        results.set(name, error ?? response ?? new Error("no response"));
        finishedOrder.push(name);
      });
    }, `start ${name}`);
  });
  await loop.run();
  return { loop, results, finishedOrder };
}

describe("a callback HTTP client on the toy loop", () => {
  it("drives two real requests to completion and then stops", async () => {
    const { results } = await runRequests(["/delay/20", "/bar"]);
    expect(results.get("A")).toEqual({ status: 200, body: "waited 20 ms\n" });
    expect(results.get("B")).toEqual({ status: 200, body: "bar" });
  });

  it("keeps both requests in flight at once: a barrier for two answers them both", async () => {
    const barrier = "/barrier/2?key=toy-loop&timeout=3000";
    const { results } = await runRequests([barrier, barrier]);
    expect(results.get("A")).toMatchObject({ status: 200 });
    expect(results.get("B")).toMatchObject({ status: 200 });
    expect(ctx.server.stats().peakInFlight).toBe(2);
  });

  it("interleaves the two requests' callbacks in one loop", async () => {
    const { loop, finishedOrder } = await runRequests([
      "/delay/300",
      "/delay/50",
    ]);
    // B was started second but its callbacks ran while A was still waiting.
    expect(finishedOrder).toEqual(["B", "A"]);
    const names = loop.trace.map((entry) => entry.name);
    const lastOfB = names.lastIndexOf("B: data");
    const firstDataOfA = names.indexOf("A: data");
    const connectOfA = names.indexOf("A: connect");
    expect(connectOfA).toBeGreaterThanOrEqual(0);
    expect(connectOfA).toBeLessThan(lastOfB);
    expect(lastOfB).toBeLessThan(firstDataOfA);
  });

  it("names the server's port in the Host line, as HTTP/1.1 requires", async () => {
    const { results } = await runRequests(["/echo"]);
    const answer = results.get("A");
    if (!answer || answer instanceof Error) throw answer ?? new Error("none");
    const echoed = JSON.parse(answer.body) as {
      headers: Record<string, string>;
    };
    const { host } = new URL(ctx.server.url);
    expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(echoed.headers["host"]).toBe(host);
  });

  it("passes a connection error to the callback instead of throwing", async () => {
    const { results } = await runRequests(["/fault/reset"]);
    expect(results.get("A")).toBeInstanceOf(Error);
  });
});
