import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMs } from "../../src/lib/format.ts";
import type { RecordedRun } from "../../src/lib/lesson-types.ts";
import {
  captionOf,
  displayPath,
  readExercise,
  readRecording,
  readSnippet,
} from "../../src/lib/lesson-files.ts";

const recording: RecordedRun = {
  lesson: "07-fixture",
  run: "sequential",
  title: "Two requests, one after the other",
  output: ["bar", "foo", "took 2.01 s"],
  requests: [
    {
      id: 1,
      connectionId: 1,
      method: "GET",
      path: "/bar",
      arrivedAt: 1,
      firstByteAt: 1001,
      finishedAt: 1002,
      status: 200,
      outcome: "ok",
    },
  ],
  wallMs: 2012.4,
  node: "v24.21.0",
  recordedAt: "2025-11-21T16:00:00.000Z",
};

let root: string;
let lessonDir: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(lessonDir, path)), { recursive: true });
  writeFileSync(join(lessonDir, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "lesson-files-"));
  lessonDir = join(root, "lessons", "07-fixture");
  write("fetch.ts", "// #region a\n  const a = 1;\n// #endregion\n");
  write("recorded/sequential.json", JSON.stringify(recording));
  write("recorded/broken.json", JSON.stringify({ ...recording, output: "x" }));
  write(
    "exercise/task.ts",
    "// #region t\n// TODO: fetch both\n// #endregion\n",
  );
  write("exercise/solution.ts", "export const done = true;\n");
  write("exercise/hints.md", "## Hint 1\n\nStart both.\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readSnippet", () => {
  it("cuts a region from a file relative to the lesson folder", () => {
    const cut = readSnippet(lessonDir, "./fetch.ts", "a");
    expect(cut.code).toBe("const a = 1;");
    expect(cut.path.endsWith("lessons/07-fixture/fetch.ts")).toBe(true);
  });

  it("fails naming the file when it does not exist", () => {
    expect(() => readSnippet(lessonDir, "./nope.ts")).toThrow(
      /^Snippet: file .*lessons\/07-fixture\/nope\.ts not found/,
    );
  });

  it("fails naming the region, the file and the regions there are", () => {
    expect(() => readSnippet(lessonDir, "./fetch.ts", "b")).toThrow(
      /^Snippet: region "b" not found in .*lessons\/07-fixture\/fetch\.ts \(regions: a\)$/,
    );
  });

  it("fails when used outside a lesson page", () => {
    expect(() => readSnippet(undefined, "./fetch.ts")).toThrow(/no lessonDir/);
  });
});

describe("readRecording", () => {
  it("reads and checks a recorded run", () => {
    expect(readRecording("Output", lessonDir, "sequential")).toEqual(recording);
  });

  it("says which file is missing and how to record it", () => {
    expect(() => readRecording("Output", lessonDir, "parallel")).toThrow(
      /^Output: no recording .*lessons\/07-fixture\/recorded\/parallel\.json for run "parallel"; run `npm run record -- 7`$/,
    );
  });

  it("refuses a file that is not a recorded run", () => {
    expect(() => readRecording("Timeline", lessonDir, "broken")).toThrow(
      /^Timeline: .*broken\.json is not a recorded run \(output: /,
    );
  });
});

describe("captionOf", () => {
  it("gives the command, the wall time and where the recording came from", () => {
    expect(captionOf(recording, lessonDir, formatMs)).toEqual({
      command: "npm run lesson -- 7 sequential",
      wallTime: "2.01 s",
      provenance: "recorded with Node v24.21.0 on 2025-11-21",
    });
  });

  it("passes on why a run's counts depend on the machine", () => {
    const varies = "Node's own descriptors differ";
    expect(
      captionOf({ ...recording, variesByMachine: varies }, lessonDir, formatMs)
        .varies,
    ).toBe(varies);
  });
});

describe("readExercise", () => {
  it("reads the stub and solution without region markers, and the hints", () => {
    const exercise = readExercise(lessonDir);
    expect(exercise.task.code).toBe("// TODO: fetch both");
    expect(exercise.solution.code).toBe("export const done = true;");
    expect(exercise.hints).toContain("## Hint 1");
    expect(exercise.number).toBe(7);
  });

  it("names the exercise file that is missing", () => {
    const bare = join(root, "lessons", "08-bare");
    mkdirSync(bare, { recursive: true });
    expect(() => readExercise(bare)).toThrow(
      /^Exercise: .*lessons\/08-bare\/exercise\/task\.ts not found$/,
    );
  });
});

describe("displayPath", () => {
  it("shows paths relative to the project with forward slashes", () => {
    expect(displayPath("/repo/lessons/a/b.ts", "/repo")).toBe("lessons/a/b.ts");
  });
});
