import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { fetchOr, fetchPaths, fetchPathsAsync, run } from "./coroutines.ts";

const ctx = useServer();

describe("generator coroutines on a tiny scheduler", () => {
  it("resumes the generator with each response and resolves with what it returns", async () => {
    const bodies = await run(
      fetchPaths("A", ctx.server.url, ["/delay/10", "/foo"], () => {}),
    );
    expect(bodies).toEqual(["waited 10 ms\n", "foo"]);
  });

  it("throws a failed request's error into the generator, where try/catch handles it", async () => {
    const log: string[] = [];
    const body = await run(
      fetchOr(ctx.server.url, "/status/503", "fallback", (l) => log.push(l)),
    );
    expect(body).toBe("fallback");
    expect(log).toEqual(["caught: GET /status/503 answered 503"]);
  });

  it("rejects the run when the generator does not catch the error", async () => {
    const failing = fetchPaths("A", ctx.server.url, ["/status/500"], () => {});
    await expect(run(failing)).rejects.toThrow("GET /status/500 answered 500");
  });

  it("keeps two coroutines' requests in flight together: a barrier for two answers both", async () => {
    const barrier = ["/barrier/2?key=coroutines&timeout=3000"];
    const [a, b] = await Promise.all([
      run(fetchPaths("A", ctx.server.url, barrier, () => {})),
      run(fetchPaths("B", ctx.server.url, barrier, () => {})),
    ]);
    expect([a, b]).toEqual([[expect.any(String)], [expect.any(String)]]);
    expect(ctx.server.stats().peakInFlight).toBe(2);
  });

  const pathsA = ["/delay/400", "/delay/50"];
  const pathsB = ["/delay/50", "/delay/50"];
  const interleaved = [
    "A: GET /delay/400",
    "B: GET /delay/50",
    'B: got "waited 50 ms"',
    "B: GET /delay/50",
    'B: got "waited 50 ms"',
    'A: got "waited 400 ms"',
    "A: GET /delay/50",
    'A: got "waited 50 ms"',
  ];

  it("interleaves two coroutines: one runs on while the other waits", async () => {
    const log: string[] = [];
    await Promise.all([
      run(fetchPaths("A", ctx.server.url, pathsA, (l) => log.push(l))),
      run(fetchPaths("B", ctx.server.url, pathsB, (l) => log.push(l))),
    ]);
    expect(log).toEqual(interleaved);
  });

  it("interleaves the async/await version in exactly the same order", async () => {
    const log: string[] = [];
    await Promise.all([
      fetchPathsAsync("A", ctx.server.url, pathsA, (l) => log.push(l)),
      fetchPathsAsync("B", ctx.server.url, pathsB, (l) => log.push(l)),
    ]);
    expect(log).toEqual(interleaved);
  });
});
