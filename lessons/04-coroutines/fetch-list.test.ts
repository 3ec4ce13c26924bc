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
    const barrier = `${ctx.server.url}${barrierPath(3, 150)}`;
    const [first] = await getInTurn([barrier]);
    expect(first?.status).toBe(408);
    expect(first?.body.toString()).toMatch(/1 of 3/);
  });
});
