import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { expectOneAfterAnother } from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { countDown as countDownWithCallbacks } from "../02-callbacks-and-sockets/callback-hell.ts";
import { findClosedPort } from "../02-callbacks-and-sockets/closed-port.ts";
import { countDown } from "./countdown.ts";

const ctx = useServer();
const lessonTwo = promisify(countDownWithCallbacks);

describe("countDown with await", () => {
  it("waits 250, 150 and 50 ms, as lesson 2's nested callbacks do", async () => {
    const flat = await countDown(ctx.server.url, 250);
    const nested = await lessonTwo(ctx.server.url, 250);
    expect(flat).toEqual([250, 150, 50]);
    expect(flat).toEqual(nested);
  });

  it("sends each request only after the one before has answered", async () => {
    await countDown(ctx.server.url, 250);
    const requests = ctx.server.stats().requests;
    expect(requests.map((r) => r.path)).toEqual([
      "/delay/250",
      "/delay/150",
      "/delay/50",
    ]);
    expectOneAfterAnother(requests);
  });

  it("rejects at the step the server refuses, with the same reason lesson 2 gives", async () => {
    const flat = countDown(ctx.server.url, 150);
    await expect(flat).rejects.toThrow(
      "step 3 failed: 400 Bad Request: delay must be an integer from 0 to 60000 ms, got '-50'",
    );
    await expect(lessonTwo(ctx.server.url, 150)).rejects.toThrow(
      /^step 3 got 400 Bad Request: delay must be an integer from 0 to 60000 ms, got '-50'$/,
    );
  });

  it("brings a connection error from the first step to the one catch, with its cause", async () => {
    const port = await promisify(findClosedPort)();
    const outcome = countDown(`http://127.0.0.1:${port}`, 250);
    await expect(outcome).rejects.toThrow(
      /^step 1 failed: connect ECONNREFUSED/,
    );
    await expect(outcome).rejects.toMatchObject({
      cause: { code: "ECONNREFUSED" },
    });
  });
});
