// Reads what lesson components show from a lesson's folder: code cut from a
// module, a recorded run, the exercise files. Every failure names the file
// and says what to do, because it surfaces as a failed build.
import { existsSync, readFileSync } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import { z } from "zod";
import type { RecordedRun } from "./lesson-types.ts";
import { extractRegion } from "./regions.ts";
import { lessonNumber } from "./course.ts";

/** A path as the reader knows it: relative to the project, with `/`. */
export function displayPath(file: string, root = process.cwd()): string {
  return relative(root, file).split(sep).join("/");
}

/** The lesson number of a lesson folder, from its name. */
export function lessonNumberOfDir(lessonDir: string): number {
  return lessonNumber(basename(lessonDir));
}

export function requireLessonDir(
  component: string,
  lessonDir: unknown,
): string {
  if (typeof lessonDir !== "string" || lessonDir === "") {
    throw new Error(
      `${component}: no lessonDir; use it inside lessons/<folder>/index.mdx ` +
        `(the remark-lesson-dir plugin adds it there)`,
    );
  }
  return lessonDir;
}

export interface CodeCut {
  code: string;
  /** Path relative to the project, for the filename label. */
  path: string;
}

/** The code of `region` (or all of it) in `file`, relative to the lesson. */
export function readSnippet(
  lessonDir: unknown,
  file: string,
  region?: string,
): CodeCut {
  const folder = requireLessonDir("Snippet", lessonDir);
  const absolute = resolve(folder, file);
  const path = displayPath(absolute);
  if (!existsSync(absolute)) {
    throw new Error(`Snippet: file ${path} not found (file="${file}")`);
  }
  try {
    return {
      code: extractRegion(readFileSync(absolute, "utf8"), region, path),
      path,
    };
  } catch (error) {
    throw new Error(`Snippet: ${(error as Error).message}`, { cause: error });
  }
}

const requestRecord = z.object({
  id: z.number(),
  connectionId: z.number(),
  method: z.string(),
  path: z.string(),
  arrivedAt: z.number(),
  firstByteAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  status: z.number(),
  outcome: z.enum(["ok", "aborted", "reset", "in-flight"]),
});

const recordedRun = z.object({
  lesson: z.string(),
  run: z.string(),
  title: z.string(),
  output: z.array(z.string()),
  requests: z.array(requestRecord),
  wallMs: z.number(),
  node: z.string(),
  recordedAt: z.string(),
  variesByMachine: z.string().optional(),
  series: z
    .array(
      z.object({
        name: z.string(),
        unit: z.string(),
        points: z.array(z.tuple([z.number(), z.number()])),
      }),
    )
    .optional(),
});

/** The recording `recorded/<run>.json` of a lesson, checked against RecordedRun. */
export function readRecording(
  component: string,
  lessonDir: unknown,
  run: string,
): RecordedRun {
  const folder = requireLessonDir(component, lessonDir);
  const absolute = resolve(folder, "recorded", `${run}.json`);
  const path = displayPath(absolute);
  const record = `npm run record -- ${lessonNumberOfDir(folder)}`;
  if (!existsSync(absolute)) {
    throw new Error(
      `${component}: no recording ${path} for run "${run}"; run \`${record}\``,
    );
  }
  const parsed = recordedRun.safeParse(
    JSON.parse(readFileSync(absolute, "utf8")),
  );
  if (!parsed.success) {
    throw new Error(
      `${component}: ${path} is not a recorded run (${parsed.error.issues
        .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
        .join("; ")}); run \`${record}\` again`,
    );
  }
  return parsed.data;
}

export interface RunCaption {
  command: string;
  wallTime: string;
  provenance: string;
  /** Why the counts in this output depend on the machine, if they do. */
  varies?: string;
}

/** What the caption under recorded output says. */
export function captionOf(
  recording: RecordedRun,
  lessonDir: string,
  formatDuration: (ms: number) => string,
): RunCaption {
  const day = recording.recordedAt.slice(0, 10);
  return {
    command: `npm run lesson -- ${lessonNumberOfDir(lessonDir)} ${recording.run}`,
    wallTime: formatDuration(recording.wallMs),
    provenance: `recorded with Node ${recording.node} on ${day}`,
    ...(recording.variesByMachine !== undefined && {
      varies: recording.variesByMachine,
    }),
  };
}

export interface ExerciseFiles {
  task: CodeCut;
  solution: CodeCut;
  hints: string;
  number: number;
}

/** The exercise of a lesson: stub, solution and hints, all required. */
export function readExercise(lessonDir: unknown): ExerciseFiles {
  const folder = requireLessonDir("Exercise", lessonDir);
  const read = (name: string): CodeCut => {
    const absolute = resolve(folder, "exercise", name);
    const path = displayPath(absolute);
    if (!existsSync(absolute)) throw new Error(`Exercise: ${path} not found`);
    return { code: readFileSync(absolute, "utf8"), path };
  };
  // Region markers in the stub and solution are for other pages; here the
  // whole file is shown without them.
  const readModule = (name: string): CodeCut => {
    const file = read(name);
    return { ...file, code: extractRegion(file.code, undefined, file.path) };
  };
  return {
    task: readModule("task.ts"),
    solution: readModule("solution.ts"),
    hints: read("hints.md").code,
    number: lessonNumberOfDir(folder),
  };
}
