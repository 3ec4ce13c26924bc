// Three overlapping requests to the id service: which id each log line
// gets, and, from the server's log, that the requests did overlap.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { overlappingRequests, type LogLine } from "./request-ids.ts";

const ctx = useServer();

const idsOf = (lines: LogLine[], text: string) =>
  lines.filter((line) => line.text === text).map((line) => line.id);

describe("request ids on log lines", () => {
  it("the requests overlap at the server: all three in flight at once", async () => {
    await overlappingRequests(ctx.server.url, "async-local");
    const stats = ctx.server.stats();
    expect(stats.peakInFlight).toBe(3);
    expect(stats.requests.map((r) => r.path).sort()).toEqual([
      "/delay/200",
      "/delay/400",
      "/delay/600",
    ]);
  });

  it("a module variable gives every later line the id of the last request to start", async () => {
    const lines = await overlappingRequests(ctx.server.url, "module-variable");
    expect(idsOf(lines, "the upstream answered")).toEqual(["r3", "r3", "r3"]);
    expect(idsOf(lines, "answering")).toEqual(["r3", "r3", "r3"]);
  });

  it("AsyncLocalStorage keeps each request's id across awaits, not in a queue's callback", async () => {
    const lines = await overlappingRequests(ctx.server.url, "async-local");
    // The shortest upstream delay answers first.
    expect(idsOf(lines, "the upstream answered")).toEqual(["r2", "r3", "r1"]);
    expect(idsOf(lines, "answering")).toEqual(["r2", "r3", "r1"]);
    expect(idsOf(lines, "the job ran")).toEqual(["-", "-", "-"]);
  });

  it("a callback bound with AsyncResource.bind runs in its request's context", async () => {
    const lines = await overlappingRequests(
      ctx.server.url,
      "async-local-bound",
    );
    expect(idsOf(lines, "the job ran")).toEqual(["r2", "r3", "r1"]);
  });
});
