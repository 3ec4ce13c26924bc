// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects each wrong solution for its mistake; this one pins down
// how the stub's failure is explained, and that the check is not stricter
// than the lesson.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import type { AllCallback } from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";

const ctx = useServer();

describe("the lesson 2 exercise check", () => {
  it("tells the stub that its requests went one at a time, quoting the barrier", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(/at most 1 of 3 requests were in flight/);
    expect(verdict.details).toEqual([
      expect.stringMatching(/timed out after 800 ms: 1 of 3 requests arrived/),
    ]);
    expect(verdict.hint).toBe(1);
  });

  it("accepts a version that reports the first error once every request has settled", async () => {
    // Nothing is left running when it calls back, so nothing leaks: this
    // is slower to report than the solution, but not wrong.
    const settleFirst = {
      getAllAtOnce(urls: string[], done: AllCallback): void {
        if (urls.length === 0) return void setImmediate(done, null, []);
        const responses: HttpResponse[] = [];
        let firstError: Error | null = null;
        let waitingFor = urls.length;
        urls.forEach((url, index) => {
          httpGet(url, {}, (err, response) => {
            if (err || !response) firstError ??= err ?? new Error("none");
            else responses[index] = response;
            waitingFor -= 1;
            if (waitingFor > 0) return;
            if (firstError) done(firstError);
            else done(null, responses);
          });
        });
      },
    };
    const verdict = await check(settleFirst, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
  });
});
