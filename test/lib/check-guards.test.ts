import { describe, expect, it } from "vitest";
import {
  collectUnhandledRejections,
  missingExport,
} from "../../src/lib/check-guards.ts";

describe("missingExport", () => {
  it("passes a module that has the function", () => {
    expect(missingExport({ run: () => 1 }, "run")).toBeNull();
  });

  it("names the export it wanted and the ones there are", () => {
    const verdict = missingExport({ runAll: () => 1, other: 2 }, "run");
    expect(verdict?.passed).toBe(false);
    expect(verdict?.expected).toMatch(/exports a function called `run`/);
    expect(verdict?.observed).toMatch(
      /no export called `run` \(it exports only runAll, other\)/,
    );
  });

  it("says when the name is there but is no function", () => {
    expect(missingExport({ run: 3 }, "run")?.observed).toMatch(
      /`run` is exported, but it is a number/,
    );
  });
});

describe("collectUnhandledRejections", () => {
  it("collects a rejection nobody handled, and the process goes on", async () => {
    const before = process.listeners("unhandledRejection");
    const { value, unhandled } = await collectUnhandledRejections(async () => {
      void Promise.reject(new Error("nobody listens"));
      // Node looks for handlers once the microtasks have run.
      await new Promise((resolve) => setImmediate(resolve));
      return "done";
    });
    expect(value).toBe("done");
    expect(unhandled.map((e) => (e as Error).message)).toEqual([
      "nobody listens",
    ]);
    expect(process.listeners("unhandledRejection")).toEqual(before);
  });

  it("collects nothing when every rejection is handled in time", async () => {
    const { unhandled } = await collectUnhandledRejections(async () => {
      await Promise.reject(new Error("handled")).catch(() => {});
    });
    expect(unhandled).toEqual([]);
  });
});
