import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { Session, type SessionClosed } from "./session.ts";
import { until } from "./test-support.ts";

const ctx = useServer();

/**
 * Open a session, run `block` in an `await using` scope, and read the
 * session the moment the block has been left: how many of its sockets are
 * still open, and which of its requests have settled.
 */
async function inSession(
  block: (session: Session, settled: string[]) => Promise<unknown>,
) {
  const closes: SessionClosed[] = [];
  const settled: string[] = [];
  let session: Session | undefined;
  let error: unknown;
  let openAfter = -1;
  let settledAfter: string[] = [];
  try {
    try {
      await using opened = new Session(ctx.server.url, (n) => closes.push(n));
      session = opened;
      await block(opened, settled);
    } finally {
      // Synchronously after the dispose: no turn of the event loop between.
      openAfter = session?.openSockets ?? -1;
      settledAfter = [...settled];
    }
  } catch (thrown) {
    error = thrown;
  }
  // The server hears of the closes a moment later, on its own side.
  const stats = await until(
    () => ctx.server.stats(),
    (s) => s.openConnections === 0,
  );
  return { closes, error, openAfter, settledAfter, stats };
}

/** Start `request` and note in `settled` when it has settled, and how. */
function noting(settled: string[], name: string, request: Promise<unknown>) {
  return request.then(
    (value) => {
      settled.push(`${name} ok`);
      return value;
    },
    (error: unknown) => {
      settled.push(`${name} ${(error as Error).name}`);
      throw error;
    },
  );
}

describe("Session with await using", () => {
  it("closes its idle keep-alive socket when the block finishes, and the socket is gone by the end of the block", async () => {
    const { closes, error, openAfter, stats } = await inSession(
      async (session) => {
        expect(await session.get("/delay/10")).toBe("waited 10 ms\n");
        // The socket went back to the pool, open, for the next request.
        expect(session.openSockets).toBe(1);
      },
    );
    expect(error).toBeUndefined();
    expect(closes).toEqual([{ cancelled: 0, sockets: 1 }]);
    expect(openAfter, "sockets still open after the block").toBe(0);
    expect(stats.openConnections).toBe(0);
  });

  it("reuses its connection: three requests in turn, one socket", async () => {
    const { closes } = await inSession(async (session) => {
      for (const ms of [10, 20, 30]) await session.get(`/delay/${ms}`);
    });
    expect(closes).toEqual([{ cancelled: 0, sockets: 1 }]);
    expect(ctx.server.stats().totalConnections).toBe(1);
  });

  it("cancels the request still in flight when the block throws, and it has settled before the error leaves the block", async () => {
    const { closes, error, openAfter, settledAfter, stats } = await inSession(
      (session, settled) =>
        Promise.all([
          noting(settled, "slow", session.get("/delay/5000")),
          session.get("/fault/reset"),
        ]),
    );
    expect(error).toMatchObject({ code: "ECONNRESET" });
    expect(closes).toEqual([{ cancelled: 1, sockets: 1 }]);
    expect(settledAfter, "requests settled when the block was left").toEqual([
      "slow AbortError",
    ]);
    expect(openAfter, "sockets still open after the block").toBe(0);
    const outcomes = stats.requests.map((r) => `${r.path} ${r.outcome}`);
    expect(outcomes.sort()).toEqual([
      "/delay/5000 aborted",
      "/fault/reset reset",
    ]);
    expect(stats.openConnections, "open connections").toBe(0);
  });

  it("closes when the caller aborts, and the aborted request's socket is gone", async () => {
    const caller = new AbortController();
    const { closes, error, openAfter, stats } = await inSession(
      async (session) => {
        const request = session.get("/fault/hang", caller.signal);
        await until(
          () => ctx.server.stats().inFlight,
          (n) => n === 1,
        );
        caller.abort();
        await request;
      },
    );
    expect(error).toMatchObject({ name: "AbortError" });
    expect(closes).toHaveLength(1);
    expect(openAfter, "sockets still open after the block").toBe(0);
    expect(stats.requests.map((r) => r.outcome)).toEqual(["aborted"]);
    expect(stats.openConnections, "open connections").toBe(0);
  });
});
