import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  checkLesson,
  findElements,
  formatChecklist,
} from "../../src/lib/lesson-checker.ts";
import { discoverLessons, type LessonInfo } from "../../src/lib/lessons.ts";

const fixtures = resolve(import.meta.dirname, "../fixtures/lessons");
const scripts = { lesson: "node src/cli/lesson.ts" };
const runs = ["one-delay"];

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

/** A copy of the complete fixture lesson, to break one thing in. */
function copyOfFirstSteps(): LessonInfo {
  const root = mkdtempSync(join(tmpdir(), "lessons-"));
  copies.push(root);
  cpSync(join(fixtures, "01-first-steps"), join(root, "01-first-steps"), {
    recursive: true,
  });
  const [lesson] = discoverLessons(root);
  if (!lesson) throw new Error("copy failed");
  return lesson;
}

function edit(lesson: LessonInfo, file: string, change: (s: string) => string) {
  const path = join(lesson.path, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

function problems(lesson: LessonInfo, runNames: string[] | Error = runs) {
  return checkLesson({ lesson, scripts, runs: runNames }).flatMap(
    (item) => item.problems,
  );
}

describe("checkLesson", () => {
  test("finds nothing wrong with a complete lesson", () => {
    const [lesson] = discoverLessons(fixtures);
    if (!lesson) throw new Error("fixture missing");
    const items = checkLesson({ lesson, scripts, runs });
    expect(items.map((item) => item.label)).toEqual([
      "page and frontmatter",
      "main.ts with runs",
      "tests",
      "exercise",
      "snippets resolve",
      "output and timelines recorded",
      "quizzes build from their recordings",
      "no stray files",
    ]);
    expect(items.flatMap((item) => item.problems)).toEqual([]);
  });

  test("reports a lesson folder with nothing in it, item by item", () => {
    const lesson = discoverLessons(fixtures)[2];
    if (!lesson) throw new Error("fixture missing");
    expect(problems(lesson, new Error("main.ts: no main.ts"))).toEqual([
      "frontmatter: summary is missing",
      "frontmatter: asyncioOriginal is missing",
      "frontmatter: script is missing",
      "frontmatter: objectives must be a non-empty list of strings",
      "frontmatter: seeds must be a non-empty list of strings",
      "frontmatter: order is undefined, the folder prefix says 9",
      "frontmatter: minutes must be a whole number above 0",
      "main.ts: no main.ts",
      "no *.test.ts file",
      "exercise/task.ts is missing",
      "exercise/solution.ts is missing",
      "exercise/check.ts is missing",
      "exercise/hints.md is missing",
    ]);
  });

  test("reports an order that differs from the prefix and an unknown script", () => {
    const lesson = copyOfFirstSteps();
    edit(lesson, "index.mdx", (s) =>
      s
        .replace("order: 1", "order: 2")
        .replace("script: lesson", "script: nope"),
    );
    expect(problems(lesson)).toEqual([
      "frontmatter: order is 2, the folder prefix says 1",
      'frontmatter: script "nope" is not in package.json',
    ]);
  });

  test("reports a snippet whose file or region is missing", () => {
    const lesson = copyOfFirstSteps();
    edit(lesson, "index.mdx", (s) =>
      s.replace(
        '<Snippet file="./fetch-delay.ts" region="fetch-delay" />',
        '<Snippet file="./fetch-delay.ts" region="gone" />\n<Snippet file="./nope.ts" />',
      ),
    );
    expect(problems(lesson)).toEqual([
      '<Snippet file="./fetch-delay.ts">: region "gone" not found in ./fetch-delay.ts (regions: fetch-delay)',
      '<Snippet file="./nope.ts">: no such file',
    ]);
  });

  test("reports a quiz with a line that has no reason, and a quiz of no run", () => {
    const lesson = copyOfFirstSteps();
    edit(lesson, "recorded/one-delay.json", (s) =>
      s.replace('"took 55 ms"]', '"took 55 ms", "done"]'),
    );
    edit(
      lesson,
      "index.mdx",
      (s) =>
        `${s}\n<OrderQuiz run="one-delay" question="Which first?" reasons={{ "waited": "the wait ends first", "took": "then the total" }} />\n` +
        `<OrderQuiz run="gone" question="?" reasons={{}} />\n`,
    );
    const found = problems(lesson);
    expect(found).toContain('<OrderQuiz run="gone">: main.ts has no such run');
    expect(
      found.filter((p) => p.startsWith("<OrderQuiz> at line")),
      found.join("\n"),
    ).toHaveLength(1);
    expect(found.join("\n")).toMatch(/done/);
  });

  test("reports output of a run without a recording and stray recordings", () => {
    const lesson = copyOfFirstSteps();
    edit(lesson, "index.mdx", (s) => `${s}\n<Output run="two" />\n`);
    expect(problems(lesson, ["one-delay", "two"])).toEqual([
      '<Output run="two">: no recording; run `npm run record -- 1`',
      "runs without a recording: two; run `npm run record -- 1`",
    ]);
    expect(problems(lesson, ["other"])).toEqual([
      '<Output run="one-delay">: main.ts has no such run',
      '<Output run="two">: main.ts has no such run',
      '<Timeline run="one-delay">: main.ts has no such run',
      "runs without a recording: other; run `npm run record -- 1`",
      "recordings of runs main.ts lacks: one-delay; run `npm run record -- 1`",
    ]);
  });

  test("reports a timeline that borrows the scale of a run there is not", () => {
    const lesson = copyOfFirstSteps();
    edit(
      lesson,
      "index.mdx",
      (s) => `${s}\n<Timeline run="one-delay" sameScaleAs="gone" />\n`,
    );
    expect(problems(lesson)).toEqual([
      '<Timeline sameScaleAs="gone">: main.ts has no such run',
    ]);
  });

  test("reports a stub without TODO lines and hints without sections", () => {
    const lesson = copyOfFirstSteps();
    edit(lesson, "exercise/task.ts", (s) => s.replace(/\/\/ TODO:/g, "//"));
    edit(lesson, "exercise/hints.md", () => "Just think harder.\n");
    expect(problems(lesson)).toEqual([
      "exercise/task.ts has no `// TODO:` line for the learner",
      'exercise/hints.md: no "## Hint 1" section found',
    ]);
  });

  test("reports an exercise with too few wrong solutions, or one without its header", () => {
    const lesson = copyOfFirstSteps();
    rmSync(join(lesson.path, "exercise/wrong/wrong-4.ts"));
    edit(lesson, "exercise/wrong/wrong-3.ts", (s) =>
      s.replace("// Mistake:", "//"),
    );
    expect(problems(lesson)).toEqual([
      "exercise/wrong/ has 3 wrong solutions; it needs at least 4",
      "exercise/wrong/wrong-3.ts: line 1 must be `// Mistake: <the mistake>`",
    ]);
  });

  test("reports stray files and pictures the page does not use", () => {
    const lesson = copyOfFirstSteps();
    writeFileSync(join(lesson.path, "notes.txt"), "scratch");
    writeFileSync(join(lesson.path, "data.json"), "{}");
    writeFileSync(join(lesson.path, "unused.svg"), "<svg/>");
    expect(problems(lesson)).toEqual([
      "data.json: not a page, module, test, hint, recording or used picture",
      "notes.txt: not a page, module, test, hint, recording or used picture",
      "unused.svg: not a page, module, test, hint, recording or used picture",
    ]);
  });
});

describe("findElements", () => {
  test("reads the attributes of self-closing and open elements", () => {
    const body = '<Output run="a" />\ntext <Output run="b">x</Output>';
    expect(findElements(body, "Output")).toEqual([{ run: "a" }, { run: "b" }]);
  });
});

describe("formatChecklist", () => {
  test("ticks passed items and lists the problems under failed ones", () => {
    expect(
      formatChecklist("01-x", [
        { label: "tests", problems: [] },
        { label: "exercise", problems: ["exercise/task.ts is missing"] },
      ]),
    ).toBe("01-x\n  ✓ tests\n  ✗ exercise\n      exercise/task.ts is missing");
  });
});
