import { describe, expect, it } from "vitest";
import { helloWorld } from "./hello.ts";

describe("helloWorld", () => {
  it("says hello before the call returns, and world only after the wait", async () => {
    const lines: string[] = [];
    const start = performance.now();
    const done = helloWorld((line) => lines.push(line), 50);
    expect(lines).toEqual(["Hello ..."]);
    await done;
    const ms = performance.now() - start;
    expect(lines).toEqual(["Hello ...", "... world"]);
    expect(ms, `took ${ms} ms for a 50 ms wait`).toBeGreaterThanOrEqual(49);
    expect(ms, `took ${ms} ms for a 50 ms wait`).toBeLessThan(1000);
  });

  it("rejects with an AbortError when its signal aborts during the wait", async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const done = helloWorld(
      (line) => lines.push(line),
      10_000,
      controller.signal,
    );
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: "AbortError" });
    expect(lines).toEqual(["Hello ..."]);
  });
});
