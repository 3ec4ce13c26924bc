import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expectOneAfterAnother } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { countDown } from "./callback-hell.ts";
import { findClosedPort } from "./closed-port.ts";
import { afterLoopTurn, firstCallback } from "./test-support.ts";

const ctx = useServer();

const run = (baseUrl: string, startMs: number) =>
  firstCallback<number[]>((callback) => countDown(baseUrl, startMs, callback));

describe("countDown, three steps in nested callbacks", () => {
  it("sends each request only after the one before has answered", async () => {
    const { err, value } = await run(ctx.server.url, 250);
    expect(err).toBeNull();
    expect(value).toEqual([250, 150, 50]);

    const requests = ctx.server.stats().requests;
    expect(requests.map((r) => r.path)).toEqual([
      "/delay/250",
      "/delay/150",
      "/delay/50",
    ]);
    expectOneAfterAnother(requests);
  });

  it("stops at the step the server refuses and says which step and why", async () => {
    const outcome = await run(ctx.server.url, 150);
    expect(outcome.err?.message).toBe(
      "step 3 got 400 Bad Request: delay must be an integer from 0 to 60000 ms, got '-50'",
    );
    expect(outcome.value).toBeUndefined();
    await afterLoopTurn();
    expect(outcome.calls()).toBe(1);
  });

  it("passes a connection error on from the first step with its cause", async () => {
    const port = await promisify(findClosedPort)();
    const { err } = await run(`http://127.0.0.1:${port}`, 250);
    expect(err?.message).toMatch(/^step 1 failed: connect ECONNREFUSED/);
    expect(err?.cause).toMatchObject({ code: "ECONNREFUSED" });
  });
});
