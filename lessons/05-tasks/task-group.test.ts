import { EventEmitter, once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { barrierPath } from "../../src/lib/observe.ts";
import { useServer } from "../../test/helpers/server.ts";
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { SIBLING_FAILED, taskGroup } from "./task-group.ts";
import { settledStats } from "../../src/server/settled.ts";
import { outcomes } from "./test-support.ts";

// After an abort, fetch may open a spare connection that never carries a
// request; a short headers timeout lets the server close it, as it would
// for any silent client, before the leak check looks.
const ctx = useServer({ headersTimeoutMs: 300 });
const get = (path: string, signal: AbortSignal) =>
  fetchPath(ctx.server.url, path, { signal });

/** The group's rejection, which must be an AggregateError. */
async function rejection(group: Promise<unknown>): Promise<AggregateError> {
  const error: unknown = await group.then(
    () => new Error("the group resolved"),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AggregateError);
  return error as AggregateError;
}

const messages = (error: AggregateError) =>
  error.errors.map((e) => (e as Error).message);

async function serverLog() {
  const stats = await settledStats(ctx.server, 1000);
  return { ...stats, outcomes: outcomes(stats) };
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe("taskGroup when every task succeeds", () => {
  it("runs the tasks at the same time", async () => {
    // The barrier answers only once all three requests wait together.
    const barrier = barrierPath(3, 2000);
    const results = await taskGroup<string>((group) => {
      for (let i = 0; i < 3; i++) group.spawn((signal) => get(barrier, signal));
    });
    expect(results).toHaveLength(3);
    expect(ctx.server.stats().peakInFlight).toBe(3);
  });

  it("resolves with the results in spawn order, not in finishing order", async () => {
    const results = await taskGroup<string>((group) => {
      for (const ms of [300, 100, 200]) {
        group.spawn((signal) => get(`/delay/${ms}`, signal));
      }
    });
    expect(results).toEqual([
      "waited 300 ms\n",
      "waited 100 ms\n",
      "waited 200 ms\n",
    ]);
  });

  it("resolves with no results when the body spawns nothing", async () => {
    await expect(taskGroup(() => {})).resolves.toEqual([]);
  });
});

describe("taskGroup when a task fails", () => {
  it("aborts the siblings' requests and rejects long before they would end", async () => {
    const start = performance.now();
    const error = await rejection(
      taskGroup<string>((group) => {
        group.spawn((signal) => get("/delay/3000", signal));
        group.spawn((signal) => get("/delay/3000", signal));
        group.spawn(async (signal) => {
          await get("/delay/200", signal);
          return get("/status/500", signal);
        });
      }),
    );
    const ms = performance.now() - start;
    expect(messages(error)).toEqual([
      "GET /status/500 answered 500: 500 Internal Server Error",
    ]);
    expect(error.message).toMatch(/^task group failed: GET \/status\/500/);
    expect(ms, `rejected after ${ms} ms`).toBeLessThan(1500);
    const log = await serverLog();
    expect(log.outcomes.sort()).toEqual([
      "/delay/200 ok",
      "/delay/3000 aborted",
      "/delay/3000 aborted",
      "/status/500 ok",
    ]);
    expect(log.inFlight).toBe(0);
  });

  it("waits for an aborted sibling to finish cleaning up before it rejects", async () => {
    let cleanedUp = false;
    const error = await rejection(
      taskGroup<string>((group) => {
        group.spawn(async (signal) => {
          try {
            return await get("/delay/3000", signal);
          } finally {
            // Cleanup that takes a request of its own, after the abort.
            await get("/delay/100", new AbortController().signal);
            cleanedUp = true;
          }
        });
        group.spawn((signal) => get("/status/500", signal));
      }),
    );
    expect(cleanedUp, "the cleanup had finished when the group rejected").toBe(
      true,
    );
    expect(messages(error)).toEqual([
      "GET /status/500 answered 500: 500 Internal Server Error",
    ]);
    const log = await serverLog();
    expect(log.outcomes).toContain("/delay/100 ok");
    expect(log.inFlight).toBe(0);
  });

  it("lists real failures in the order they happened, leaving out aborts", async () => {
    const error = await rejection(
      taskGroup<string>((group) => {
        // Spawned first, fails second: it turns its abort into an error.
        group.spawn(async (signal) => {
          await get("/delay/3000", signal).catch(() => {});
          throw new Error("could not save progress");
        });
        // Spawned second, but fails first.
        group.spawn((signal) => get("/status/500", signal));
        // Simply aborted: not a failure.
        group.spawn((signal) => get("/delay/3000", signal));
      }),
    );
    expect(messages(error)).toEqual([
      "GET /status/500 answered 500: 500 Internal Server Error",
      "could not save progress",
    ]);
    expect(error.message).toMatch(/\(\+1 more\)$/);
  });

  it("does not count the AbortErrors of timers/promises and events.once as failures", async () => {
    // Both reject with an AbortError of their own whose `cause` is the
    // signal's reason, not with the reason itself, as `fetch` does.
    const error = await rejection(
      taskGroup<unknown>((group) => {
        group.spawn((signal) => sleep(3000, "slept", { signal }));
        group.spawn((signal) => once(new EventEmitter(), "never", { signal }));
        group.spawn(async (signal) => {
          await get("/delay/100", signal);
          throw new Error("the real failure");
        });
      }),
    );
    expect(messages(error)).toEqual(["the real failure"]);
    expect(error.message).toBe("task group failed: the real failure");
  });

  it("still counts an AbortError that the group's abort did not cause", async () => {
    const error = await rejection(
      taskGroup<unknown>((group) => {
        group.spawn((signal) => sleep(3000, "slept", { signal }));
        // A timeout of the task's own: an AbortError, but not ours.
        group.spawn(() =>
          sleep(3000, "slept", { signal: AbortSignal.timeout(50) }),
        );
      }),
    );
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ name: "AbortError" });
  });

  it("aborts the tasks when the body itself throws", async () => {
    const error = await rejection(
      taskGroup<string>((group) => {
        group.spawn((signal) => get("/delay/3000", signal));
        throw new Error("the body gave up");
      }),
    );
    expect(messages(error)).toEqual(["the body gave up"]);
    const log = await serverLog();
    // The request may be aborted before it even reaches the server.
    expect(log.requests[0]?.outcome ?? "never sent").not.toBe("ok");
    expect(log.inFlight).toBe(0);
  });

  it("gives its tasks a signal whose reason names the sibling failure", async () => {
    let reason: unknown;
    await rejection(
      taskGroup<string>((group) => {
        group.spawn(async (signal) => {
          await get("/delay/3000", signal).catch(() => {});
          reason = signal.reason;
          return "stopped";
        });
        group.spawn((signal) => get("/status/500", signal));
      }),
    );
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).message).toBe(SIBLING_FAILED);
  });

  it("leaves no timer behind", async () => {
    const before = timeouts();
    await rejection(
      taskGroup<string>((group) => {
        group.spawn((signal) => get("/delay/3000", signal));
        group.spawn((signal) => get("/status/500", signal));
      }),
    );
    // Let the server drop the aborted request's delay timer first.
    await serverLog();
    expect(timeouts(), "active timeouts after the group").toBeLessThanOrEqual(
      before,
    );
  });

  it("refuses to spawn once it has finished", async () => {
    let late: ((task: () => Promise<string>) => unknown) | undefined;
    await taskGroup<string>((group) => {
      late = (task) => group.spawn(task);
    });
    expect(() => late?.(() => Promise.resolve("late"))).toThrow(
      /after the task group finished/,
    );
  });
});

describe("nested task groups", () => {
  it("a failure in the outer group aborts the requests of an inner group", async () => {
    const error = await rejection(
      taskGroup<string[] | string>((outer) => {
        outer.spawn((signal) =>
          taskGroup<string>(
            (inner) => {
              inner.spawn((s) => get("/delay/3000", s));
              inner.spawn((s) => get("/delay/3000", s));
            },
            { signal },
          ),
        );
        outer.spawn(async (signal) => {
          await get("/delay/200", signal);
          return get("/status/500", signal);
        });
      }),
    );
    // The inner group rejects with the outer abort, which is no failure.
    expect(messages(error)).toEqual([
      "GET /status/500 answered 500: 500 Internal Server Error",
    ]);
    const log = await serverLog();
    expect(log.outcomes.filter((o) => o.startsWith("/delay/3000"))).toEqual([
      "/delay/3000 aborted",
      "/delay/3000 aborted",
    ]);
    expect(log.inFlight).toBe(0);
  });

  it("a failure in an inner group aborts the outer group's other tasks", async () => {
    const error = await rejection(
      taskGroup<string[] | string>((outer) => {
        outer.spawn((signal) => get("/delay/3000", signal));
        outer.spawn((signal) =>
          taskGroup<string>(
            (inner) => {
              inner.spawn((s) => get("/delay/3000", s));
              inner.spawn((s) => get("/status/500", s));
            },
            { signal },
          ),
        );
      }),
    );
    // Like nested exception groups in Python: the inner group's error
    // sits inside the outer one's.
    const [inner] = error.errors;
    expect(inner).toBeInstanceOf(AggregateError);
    expect(messages(inner as AggregateError)).toEqual([
      "GET /status/500 answered 500: 500 Internal Server Error",
    ]);
    const log = await serverLog();
    const slow = log.outcomes.filter((o) => o.startsWith("/delay/3000"));
    expect(
      slow.every((o) => o.endsWith("aborted")),
      slow.join(", "),
    ).toBe(true);
    expect(log.inFlight).toBe(0);
  });

  it("an outer signal aborts the group, which rejects with its reason", async () => {
    const outside = new AbortController();
    const group = taskGroup<string>((g) => {
      g.spawn((signal) => get("/delay/3000", signal));
      g.spawn(async (signal) => {
        await get("/delay/100", signal);
        outside.abort(new Error("shutting down"));
        return "aborted the outside";
      });
    }, outside);
    await expect(group).rejects.toThrow("shutting down");
    expect((await serverLog()).outcomes).toContain("/delay/3000 aborted");
  });
});
