// Reads a loop trace kept with a recording (`traces` in recorded/<run>.json,
// written by `npm run record` from `ctx.trace`) for <LoopView>, checked in
// full: a stale or hand-edited recording fails the build with its path.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import type { RecordedRun } from "./lesson-types.ts";
import {
  displayPath,
  lessonNumberOfDir,
  readRecording,
  requireLessonDir,
} from "./lesson-files.ts";
import type { LoopTrace } from "./loop-trace-types.ts";

const source = z.enum([
  "main",
  "timers",
  "poll",
  "check",
  "close",
  "nextTick",
  "microtask",
]);

const loopEvent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("main"),
    action: z.enum(["start", "end"]),
    at: z.number(),
  }),
  z.object({
    kind: z.enum(["queue", "return", "cancel"]),
    task: z.number(),
    at: z.number(),
  }),
  z.object({
    kind: z.literal("run"),
    task: z.number(),
    source,
    depth: z.number(),
    at: z.number(),
  }),
  z.object({ kind: z.literal("close"), socket: z.number(), at: z.number() }),
  z.object({ kind: z.literal("log"), text: z.string(), at: z.number() }),
  z.object({
    kind: z.literal("io"),
    action: z.enum(["connect", "connected", "read", "write", "end"]),
    socket: z.number(),
    bytes: z.number().optional(),
    detail: z.string().optional(),
    at: z.number(),
  }),
  z.object({
    kind: z.literal("request"),
    action: z.enum(["start", "headers", "done"]),
    what: z.string(),
    at: z.number(),
  }),
]);

const loopTrace = z.object({
  program: z.string(),
  args: z.array(z.string()),
  node: z.string(),
  output: z.array(z.string()),
  tasks: z.array(
    z.object({
      id: z.number(),
      kind: z.enum([
        "timeout",
        "immediate",
        "nextTick",
        "promise",
        "microtask",
        "connect",
        "socket",
        "fs",
        "dns",
        "other",
      ]),
      type: z.string(),
      label: z.string(),
      site: z.string(),
      internal: z.boolean(),
    }),
  ),
  events: z.array(loopEvent),
  serverOffsetMs: z.number().optional(),
});

export interface TracedRecording {
  recording: RecordedRun;
  trace: LoopTrace;
}

/** The recording of `run` and the trace number `index` (from 0) it kept. */
export function readLoopTrace(
  component: string,
  lessonDir: unknown,
  run: string,
  index = 0,
): TracedRecording {
  const folder = requireLessonDir(component, lessonDir);
  const recording = readRecording(component, folder, run);
  const file = resolve(folder, "recorded", `${run}.json`);
  const record = `npm run record -- ${lessonNumberOfDir(folder)}`;
  const stored = (JSON.parse(readFileSync(file, "utf8")) as RecordedRun).traces;
  const found = stored?.[index];
  if (found === undefined) {
    throw new Error(
      `${component}: ${displayPath(file)} holds no loop trace number ${index} ` +
        `(it has ${stored?.length ?? 0}); does run "${run}" call ctx.trace? ` +
        `Then run \`${record}\``,
    );
  }
  const parsed = loopTrace.safeParse(found);
  if (!parsed.success) {
    throw new Error(
      `${component}: the loop trace in ${displayPath(file)} is not valid (${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ")}); run \`${record}\` again`,
    );
  }
  return { recording, trace: parsed.data as LoopTrace };
}
