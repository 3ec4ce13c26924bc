import { pipeline } from "node:stream/promises";
import type { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";

// test/exercises.test.ts proves the check passes the solution, fails the stub
// and rejects every wrong solution; these pin down the rest.
describe("the exercise check", () => {
  test("fails the stub and says it wrote while the destination was full", async () => {
    const verdict = await check(task);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^copyWithBackpressure wrote \d+ chunks while the destination was waiting for 'drain'/,
    );
    expect(verdict.hint).toBe(1);
  });

  test("passes a copy built on pipeline(), the library way", async () => {
    const withPipeline = {
      async copyWithBackpressure(
        source: AsyncIterable<Uint8Array>,
        destination: Writable,
        signal?: AbortSignal,
      ): Promise<number> {
        let bytes = 0;
        async function* counted() {
          for await (const chunk of source) {
            bytes += chunk.length;
            yield chunk;
          }
        }
        await pipeline(counted, destination, signal ? { signal } : {});
        return bytes;
      },
    };
    const verdict = await check(withPipeline);
    expect(verdict.passed, verdict.observed).toBe(true);
  });

  test("names the export it expected when there is none", async () => {
    const verdict = await check({ copy: () => 0 });
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/does not export `copyWithBackpressure`/);
  });
});
