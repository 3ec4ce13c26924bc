import { describe, expect, it } from "vitest";
import { collectUnhandledRejections } from "../../src/lib/check-guards.ts";

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
