import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { Session } from "./session.ts";
import { until } from "./test-support.ts";

const ctx = useServer();

/** Open a session, run `block` in an `await using` scope, report. */
async function inSession(block: (session: Session) => Promise<unknown>) {
  const closes: number[] = [];
  let error: unknown;
  try {
    await using session = new Session(ctx.server.url, (n) => closes.push(n));
    await block(session);
  } catch (thrown) {
    error = thrown;
  }
  // No bounded wait here: closing waits for its sockets, so the server may
  // lag by at most the moment it takes to see the last close.
  const stats = await until(
    () => ctx.server.stats(),
    (s) => s.openConnections === 0,
  );
  return { closes, error, stats };
}

describe("Session with await using", () => {
  it("closes once when the block finishes, with nothing to cancel", async () => {
    const { closes, error, stats } = await inSession(async (session) => {
      const response = await session.get("/delay/10");
      expect(response.body.toString()).toBe("waited 10 ms\n");
    });
    expect(error).toBeUndefined();
    expect(closes).toEqual([0]);
    expect(stats.openConnections).toBe(0);
  });

  it("cancels the request still in flight when the block throws, before the error leaves the block", async () => {
    const { closes, error, stats } = await inSession((session) =>
      Promise.all([session.get("/delay/5000"), session.get("/fault/reset")]),
    );
    expect(error).toMatchObject({ code: "ECONNRESET" });
    expect(closes).toEqual([1]);
    const outcomes = stats.requests.map((r) => `${r.path} ${r.outcome}`);
    expect(outcomes.sort()).toEqual([
      "/delay/5000 aborted",
      "/fault/reset reset",
    ]);
    expect(stats.openConnections, "open connections").toBe(0);
  });

  it("closes when the caller aborts, and the aborted request's socket is gone", async () => {
    const caller = new AbortController();
    const { closes, error, stats } = await inSession(async (session) => {
      const request = session.get("/fault/hang", caller.signal);
      await until(
        () => ctx.server.stats().inFlight,
        (n) => n === 1,
      );
      caller.abort();
      await request;
    });
    expect(error).toMatchObject({ name: "AbortError" });
    expect(closes).toHaveLength(1);
    expect(stats.requests.map((r) => r.outcome)).toEqual(["aborted"]);
    expect(stats.openConnections, "open connections").toBe(0);
  });
});
