// The loop tracer against a program whose order Node fixes: the trace must
// hold the callbacks in the order the program's own console shows, each
// from the phase or queue that Node runs it from.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  buildTrace,
  traceProgram,
  type LoopEvent,
  type LoopTrace,
} from "../../src/lib/loop-trace.ts";
import { readLoopTrace } from "../../src/lib/loop-trace-read.ts";

const KNOWN = new URL(
  "../../src/trace/programs/known-order.ts",
  import.meta.url,
);

/** Each log line with the source of the callback that printed it. */
function logSources(trace: LoopTrace): string[] {
  const running: LoopEvent[] = [];
  const lines: string[] = [];
  for (const event of trace.events) {
    if (event.kind === "run" || event.kind === "main") {
      if (event.kind === "main" && event.action === "end") running.pop();
      else running.push(event);
    } else if (event.kind === "return") running.pop();
    else if (event.kind === "log") {
      const top = running.at(-1);
      const source = top?.kind === "run" ? top.source : "main";
      lines.push(`${source}: ${event.text}`);
    }
  }
  return lines;
}

describe("traceProgram", async () => {
  const { code, stderr, trace } = await traceProgram(KNOWN);

  test("runs the program to its end in a child process", () => {
    expect(code, stderr).toBe(0);
    expect(trace.node).toMatch(/^v24\./);
    expect(trace.program).toBe("src/trace/programs/known-order.ts");
  });

  test("keeps the log lines in the order the program printed them", () => {
    const logged = trace.events.flatMap((e) =>
      e.kind === "log" ? [e.text] : [],
    );
    expect(logged).toEqual(trace.output);
    expect(logged).toHaveLength(10);
  });

  test("puts each callback in the phase or queue Node ran it from", () => {
    const expected: Record<string, string> = {
      synchronous: "main",
      "promise.then": "microtask",
      "process.nextTick": "nextTick",
      "setTimeout 0": "timers",
      setImmediate: "check",
    };
    const sources = logSources(trace);
    // The console's order, each line with the source Node must have run
    // it from (the I/O callback's own lines run in the poll phase).
    const wanted = trace.output.map((line) => {
      const what = line.replace(/^.*: /, "");
      const source =
        line === "I/O callback: synchronous" ? "poll" : expected[what];
      return `${source}: ${line}`;
    });
    expect(sources).toEqual(wanted);
  });

  test("shows the order Node guarantees inside each callback", () => {
    const order = (where: string) =>
      trace.output
        .filter((line) => line.startsWith(`${where}: `))
        .map((line) => line.slice(where.length + 2));
    // Inside an I/O callback the check phase comes before the next timers.
    expect(order("I/O callback")).toEqual([
      "synchronous",
      "process.nextTick",
      "promise.then",
      "setImmediate",
      "setTimeout 0",
    ]);
    // The runner calls main() from a promise job (an ES module's top
    // level), so there the microtask queue drains before nextTick's; the
    // timer and the immediate may come in either order.
    expect(order("main").slice(0, 3)).toEqual([
      "synchronous",
      "promise.then",
      "process.nextTick",
    ]);
  });

  test("queues each callback before it runs and runs each once", () => {
    for (const task of trace.tasks) {
      const queued = trace.events.findIndex(
        (e) => e.kind === "queue" && e.task === task.id,
      );
      const runs = trace.events.flatMap((e, i) =>
        e.kind === "run" && e.task === task.id ? [i] : [],
      );
      expect(queued, task.label).toBeGreaterThanOrEqual(0);
      expect(runs, task.label).toHaveLength(1);
      expect(runs[0], task.label).toBeGreaterThan(queued);
    }
  });

  test("names the program's line that created each callback", () => {
    const sites = trace.tasks
      .filter((task) => task.kind !== "fs")
      .map((task) => `${task.label} ${task.site}`);
    expect(sites).toEqual(
      expect.arrayContaining([
        "setTimeout 1 ms known-order.ts:7",
        "setImmediate known-order.ts:8",
        "promise reaction known-order.ts:9",
        "process.nextTick known-order.ts:10",
      ]),
    );
  });
});

describe("buildTrace", () => {
  const about = { program: "p.ts", args: [], output: [] };

  test("queues a promise reaction when its parent promise resolves", () => {
    const trace = buildTrace(
      {
        node: "v24.0.0",
        startedAt: 0,
        events: [
          { e: "main", action: "start", at: 0 },
          init(1, "PROMISE", 0),
          init(2, "PROMISE", 1),
          { e: "main", action: "end", at: 1 },
          { e: "resolve", id: 1, at: 2 },
          { e: "before", id: 2, at: 3 },
          { e: "after", id: 2, at: 4 },
        ],
      },
      about,
    );
    expect(trace.tasks.map((t) => t.label)).toEqual(["promise reaction"]);
    expect(trace.events.map((e) => e.kind)).toEqual([
      "main",
      "main",
      "queue",
      "run",
      "return",
    ]);
  });

  test("leaves out Node's own callbacks in which nothing of note ran", () => {
    const trace = buildTrace(
      {
        node: "v24.0.0",
        startedAt: 0,
        events: [
          { ...init(1, "TickObject", 0), internal: true },
          { e: "before", id: 1, at: 1 },
          { e: "after", id: 1, at: 2 },
          { ...init(2, "TickObject", 0), internal: true },
          { e: "before", id: 2, at: 3 },
          { e: "log", text: "hello", at: 4 },
          { e: "after", id: 2, at: 5 },
        ],
      },
      about,
    );
    expect(trace.tasks).toHaveLength(1);
    expect(trace.events.map((e) => e.kind)).toEqual([
      "queue",
      "run",
      "log",
      "return",
    ]);
  });

  test("calls a TCP handle's callback after its socket is destroyed a close", () => {
    const trace = buildTrace(
      {
        node: "v24.0.0",
        startedAt: 0,
        events: [
          init(7, "TCPWRAP", 0),
          { e: "before", id: 7, at: 1, bytes: 12 },
          { e: "after", id: 7, at: 2 },
          { e: "before", id: 7, at: 3, closing: true },
          { e: "after", id: 7, at: 4 },
        ],
      },
      about,
    );
    const sources = trace.events.flatMap((e) =>
      e.kind === "run" ? [e.source] : [],
    );
    expect(sources).toEqual(["poll", "close"]);
    expect(trace.events).toContainEqual({
      kind: "io",
      action: "read",
      socket: 1,
      bytes: 12,
      at: 1,
    });
    expect(trace.events).toContainEqual({ kind: "close", socket: 1, at: 3 });
  });
});

function init(id: number, type: string, trigger: number) {
  return {
    e: "init" as const,
    id,
    type,
    trigger,
    site: "p.ts:1",
    internal: false,
    detail: "",
    at: id / 10,
  };
}

describe("readLoopTrace", () => {
  const lessons = fileURLToPath(new URL("../../lessons", import.meta.url));
  const lesson3 = join(lessons, "03-event-loop");

  test("reads the trace a recording kept, checked", () => {
    const { recording, trace } = readLoopTrace(
      "LoopView",
      lesson3,
      "watch-two-timers",
    );
    expect(recording.run).toBe("watch-two-timers");
    expect(trace.output).toEqual([
      "timer 1",
      "timer 1: nextTick",
      "timer 1: promise",
      "timer 1: promise, then another",
      "timer 2",
    ]);
  });

  test("names the recording and the command when it holds no trace", () => {
    expect(() => readLoopTrace("LoopView", lesson3, "ordering")).toThrow(
      /ordering\.json holds no loop trace number 0 .*npm run record -- 3/,
    );
  });
});
