import { describe, expect, it } from "vitest";
import { barrierPath } from "../../src/lib/observe.ts";
import {
  expectAllInFlightTogether,
  expectOneAfterAnother,
} from "../../test/helpers/request-log.ts";
import { useServer } from "../../test/helpers/server.ts";
import { getAtOnce, getInTurn } from "./fetch-list.ts";

const ctx = useServer();
const DELAYS_MS = [200, 200, 200];

const urls = () => DELAYS_MS.map((ms) => `${ctx.server.url}/delay/${ms}`);

describe("independent requests", () => {
  it("awaited in a loop, each request arrives only after the previous one finished", async () => {
    const responses = await getInTurn(urls());
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(1);
    expectOneAfterAnother(requests);
  });

  it("started first and awaited together, all are in flight before any finishes", async () => {
    const responses = await getAtOnce(urls());
    expect(responses.map((r) => r.body.toString())).toEqual(
      DELAYS_MS.map((ms) => `waited ${ms} ms\n`),
    );
    const { requests, peakInFlight } = ctx.server.stats();
    expect(peakInFlight).toBe(DELAYS_MS.length);
    expectAllInFlightTogether(requests);
  });

  it("a barrier for three lets the started-first version through", async () => {
    const barrier = `${ctx.server.url}${barrierPath(3, 2000)}`;
    const responses = await getAtOnce([barrier, barrier, barrier]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("a barrier for three turns the await-in-a-loop version away with a 408", async () => {
    // The same three requests as above: each one waits at the barrier on
    // its own, gives up, and only then does the loop send the next.
    const barrier = `${ctx.server.url}${barrierPath(3, 150)}`;
    const responses = await getInTurn([barrier, barrier, barrier]);
    expect(responses.map((r) => r.status)).toEqual([408, 408, 408]);
    for (const response of responses) {
      expect(response.body.toString()).toMatch(/1 of 3 requests arrived/);
    }
    const { requests, peakInFlight } = ctx.server.stats();
    expect(requests).toHaveLength(3);
    expect(peakInFlight).toBe(1);
    expectOneAfterAnother(requests);
  });
});
