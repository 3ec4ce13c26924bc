import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as task from "./exercise/task.ts";
import * as batches from "./exercise/wrong/batches.ts";
import * as sequential from "./exercise/wrong/sequential.ts";
import * as stripes from "./exercise/wrong/stripes.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects every wrong solution for its reason; these tests pin
// down the figures a learner is told.
describe("the exercise check explains a failure", () => {
  it("fails the stub, which ignores the limit, and names the peak it saw", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    const match =
      /^peak (\d+) in flight.*over the limit of 4: it ignored the limit$/.exec(
        verdict.observed,
      );
    expect(match, verdict.observed).not.toBeNull();
    expect(Number(match?.[1]), verdict.observed).toBeGreaterThan(4);
    expect(verdict.hint).toBe(1);
  });

  it("fails code that runs one call at a time, with the barrier's reason", async () => {
    const verdict = await check(sequential, ctx.client);
    expect(verdict.observed).toMatch(
      /^peak 1: the calls ran one after another/,
    );
    expect(verdict.details?.join("\n")).toMatch(/1 of 4 requests arrived/);
    expect(verdict.hint).toBe(2);
  });

  it("tells batches by the next batch waiting for the slowest call of the one before", async () => {
    const verdict = await check(batches, ctx.client);
    const match =
      /^item 5 \(\/delay\/36\) started (\d+) ms after a call had finished and left a slot free: no item of 5, 6, 7, 8 started before all of 1, 2, 3, 4 had finished, so it ran in batches/.exec(
        verdict.observed,
      );
    expect(match, verdict.observed).not.toBeNull();
    // The batch waited for the 800 ms call, the slot was free after ~40 ms.
    expect(Number(match?.[1]), verdict.observed).toBeGreaterThan(500);
    expect(verdict.hint).toBe(3);
  });

  it("tells stripes by a later item starting while this one waits for its worker", async () => {
    const verdict = await check(stripes, ctx.client);
    expect(verdict.observed).toMatch(
      /^item 5 \(\/delay\/36\) started \d+ ms after .*: it waited for item 1 \(\/delay\/800\), while item 6 \(\/delay\/44\) had already started, so each worker took fixed stripes/,
    );
    expect(verdict.hint).toBe(4);
  });
});
