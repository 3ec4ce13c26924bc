// The step-through view's states, from a recorded trace of lesson 3's
// I/O-callback experiment and from small traces made by hand.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import type { RecordedRun } from "../../src/lib/lesson-types.ts";
import type { LoopEvent, LoopTrace } from "../../src/lib/loop-trace.ts";
import { loopView } from "../../src/lib/loop-view.ts";
import {
  keyAction,
  playFrom,
  stepAfter,
} from "../../src/lib/loop-view-keys.ts";

const recorded = JSON.parse(
  readFileSync(
    new URL(
      "../../lessons/03-event-loop/recorded/watch-io-callback.json",
      import.meta.url,
    ),
    "utf8",
  ),
) as RecordedRun;

function traceOf(events: LoopEvent[], tasks: LoopTrace["tasks"]): LoopTrace {
  return { program: "p.ts", args: [], node: "v24", output: [], tasks, events };
}

describe("loopView on a recorded trace", () => {
  const trace = recorded.traces?.[0];
  if (!trace) throw new Error("watch-io-callback.json holds no trace");
  const view = loopView(trace, recorded.requests);
  const at = (text: string) => {
    const step = view.steps.find((s) => s.text.includes(text));
    if (!step) throw new Error(`no step says ${text}`);
    return step;
  };

  test("has one step per event, and the log in the order printed", () => {
    expect(view.steps).toHaveLength(trace.events.length);
    expect(view.log).toEqual(trace.output);
    expect(view.steps.at(-1)?.logged).toBe(trace.output.length);
  });

  test("holds every queued callback in its queue until it runs", () => {
    const queued = at('Prints "synchronous code"');
    expect(queued.phase).toBe("poll");
    expect(queued.nextTicks).toHaveLength(1);
    expect(queued.microtasks).toHaveLength(2);
    expect(queued.timers).toHaveLength(1);
    expect(queued.immediates).toHaveLength(1);
    expect(queued.running).toEqual([
      expect.stringContaining("fs.stat callback"),
    ]);
  });

  test("shows the queue being drained and the phase the loop is in", () => {
    expect(at('Prints "process.nextTick"')).toMatchObject({
      phase: "poll",
      draining: "nextTick",
    });
    expect(at('Prints "queueMicrotask"')).toMatchObject({
      phase: "poll",
      draining: "microtask",
      nextTicks: [],
    });
    expect(at('Prints "setImmediate"')).toMatchObject({
      phase: "check",
      draining: null,
      microtasks: [],
    });
    const last = view.steps.at(-1);
    expect(last?.phase).toBe("timers");
    expect(last?.timers).toEqual([]);
  });
});

describe("loopView on traces made by hand", () => {
  const tasks: LoopTrace["tasks"] = [
    {
      id: 1,
      kind: "timeout",
      type: "Timeout",
      label: "setTimeout 50 ms",
      site: "p.ts:3",
      internal: false,
    },
  ];

  test("takes a cleared timer off the list", () => {
    const view = loopView(
      traceOf(
        [
          { kind: "queue", task: 1, at: 0 },
          { kind: "cancel", task: 1, at: 1 },
        ],
        tasks,
      ),
    );
    expect(view.steps.map((s) => s.timers)).toEqual([
      ["setTimeout 50 ms (p.ts:3)"],
      [],
    ]);
    expect(view.steps[1]?.text).toBe(
      "setTimeout 50 ms (p.ts:3) is cleared before it ran.",
    );
  });

  test("follows a socket from connect to close", () => {
    const view = loopView(
      traceOf(
        [
          { kind: "io", action: "connect", socket: 1, detail: "h:1", at: 0 },
          { kind: "io", action: "write", socket: 1, bytes: 9, at: 1 },
          { kind: "io", action: "read", socket: 1, bytes: 4, at: 2 },
          { kind: "close", socket: 1, at: 3 },
        ],
        [],
      ),
    );
    expect(view.steps.map((s) => s.io)).toEqual([
      ["socket 1: connecting to h:1"],
      ["socket 1: sent 9 bytes, waiting for an answer"],
      ["socket 1: read 4 bytes"],
      [],
    ]);
  });

  test("puts the server's requests on the trace's clock", () => {
    const trace = {
      ...traceOf(
        [
          { kind: "log", text: "a", at: 10 },
          { kind: "log", text: "b", at: 60 },
          { kind: "log", text: "c", at: 100 },
        ],
        [],
      ),
      serverOffsetMs: 5,
    };
    const request = {
      id: 1,
      connectionId: 1,
      method: "GET",
      path: "/x",
      arrivedAt: 25,
      firstByteAt: 80,
      finishedAt: 85,
      status: 200,
      outcome: "ok" as const,
    };
    const view = loopView(trace, [request]);
    expect(view.server).toEqual([
      { label: "GET /x", fromPct: 20, toPct: 80, state: "" },
    ]);
    expect(view.steps.map((s) => s.requests[0])).toEqual([
      "not arrived yet",
      "in flight on the server",
      "answered 200",
    ]);
    expect(view.steps.map((s) => s.cursorPct)).toEqual([10, 60, 100]);
  });
});

describe("the view's keys", () => {
  test("arrows step, Home and End jump, Space plays", () => {
    expect(
      ["ArrowLeft", "ArrowRight", "Home", "End", " ", "a"].map(keyAction),
    ).toEqual(["back", "next", "first", "last", "play", null]);
  });

  test("steps stay between the first and the last", () => {
    expect(stepAfter("back", 0, 5)).toBe(0);
    expect(stepAfter("next", 4, 5)).toBe(4);
    expect(stepAfter("next", 1, 5)).toBe(2);
    expect(stepAfter("last", 1, 5)).toBe(4);
    expect(stepAfter("first", 3, 5)).toBe(0);
  });

  test("play starts again from the start when it is at the end", () => {
    expect(playFrom(4, 5)).toBe(0);
    expect(playFrom(2, 5)).toBe(2);
  });
});
