// A linter for the course: checks that a lesson folder has its page,
// frontmatter, entry, tests, exercise and recordings, and that everything
// the page points at exists. Each check reports problems in words.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";
import { readFrontmatter } from "./frontmatter.ts";
import { wrongSolutions } from "./wrong-solutions.ts";
import { parseHints } from "./hints.ts";
import type { LessonInfo } from "./lessons.ts";
import { buildQuiz, type OrderQuizSpec } from "./order-quiz.ts";
import { findOrderQuizzes } from "./order-quiz-build.ts";
import {
  readRecordedRun,
  recordedRunNames,
  recordingGaps,
} from "./recordings.ts";
import { extractRegion } from "./regions.ts";

export interface CheckItem {
  label: string;
  problems: string[];
}

export interface CheckerInput {
  lesson: LessonInfo;
  /** The scripts of package.json. */
  scripts: Record<string, string>;
  /** The run names of main.ts, or why they could not be read. */
  runs: string[] | Error;
}

const EXERCISE_FILES = ["task.ts", "solution.ts", "check.ts", "hints.md"];
// Python files are the asyncio originals, run beside the TypeScript; Java
// and C# files are other runtimes' versions, shown beside them.
const ALLOWED_EXTENSIONS = new Set([
  ".ts",
  ".py",
  ".java",
  ".cs",
  ".mdx",
  ".md",
  ".json",
  ".svg",
]);
// Each exercise proves its check with at least this many wrong solutions.
const MIN_WRONG_SOLUTIONS = 4;

/** Every file under `dir`, relative to it, with `/` separators. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"),
    )
    .sort();
}

/** The attributes of every `<Name ...>` element in an MDX body. */
export function findElements(
  body: string,
  name: string,
): Record<string, string>[] {
  const tag = new RegExp(`<${name}\\b([^>]*?)/?>`, "g");
  return [...body.matchAll(tag)].map((match) => {
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (match[1] ?? "").matchAll(
      /([A-Za-z]+)="([^"]*)"/g,
    )) {
      if (key !== undefined) attributes[key] = value ?? "";
    }
    return attributes;
  });
}

function checkFrontmatter(
  data: Record<string, unknown>,
  lesson: LessonInfo,
  scripts: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const isText = (v: unknown) => typeof v === "string" && v.trim() !== "";
  const isList = (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every(isText);
  for (const field of ["title", "summary", "asyncioOriginal", "script"]) {
    if (!isText(data[field])) problems.push(`frontmatter: ${field} is missing`);
  }
  for (const field of ["objectives", "seeds"]) {
    if (!isList(data[field])) {
      problems.push(
        `frontmatter: ${field} must be a non-empty list of strings`,
      );
    }
  }
  if (data["order"] !== lesson.number) {
    problems.push(
      `frontmatter: order is ${String(data["order"])}, the folder prefix says ${lesson.number}`,
    );
  }
  const minutes = data["minutes"];
  if (!Number.isInteger(minutes) || (minutes as number) <= 0) {
    problems.push("frontmatter: minutes must be a whole number above 0");
  }
  const script = data["script"];
  if (typeof script === "string" && !(script in scripts)) {
    problems.push(`frontmatter: script "${script}" is not in package.json`);
  }
  return problems;
}

function checkSnippets(body: string, lessonPath: string): string[] {
  const problems: string[] = [];
  for (const { file, region } of findElements(body, "Snippet")) {
    if (file === undefined) {
      problems.push("a <Snippet> has no file");
      continue;
    }
    const path = resolve(lessonPath, file);
    if (!existsSync(path)) {
      problems.push(`<Snippet file="${file}">: no such file`);
      continue;
    }
    try {
      extractRegion(readFileSync(path, "utf8"), region, file);
    } catch (error) {
      problems.push(`<Snippet file="${file}">: ${(error as Error).message}`);
    }
  }
  return problems;
}

function checkRecordedRuns(
  body: string,
  lesson: LessonInfo,
  runs: string[],
): string[] {
  const problems: string[] = [];
  const recorded = recordedRunNames(lesson.path);
  const record = `run \`npm run record -- ${lesson.number}\``;
  // A Timeline may borrow the time axis of another run, named sameScaleAs.
  const uses = ["Output", "Timeline", "Chart", "OrderQuiz", "LoopView"].flatMap(
    (element) =>
      findElements(body, element).flatMap(({ run, sameScaleAs }) => [
        { element, attribute: "run", name: run },
        ...(sameScaleAs === undefined
          ? []
          : [{ element, attribute: "sameScaleAs", name: sameScaleAs }]),
      ]),
  );
  for (const { element, attribute, name } of uses) {
    const at = `<${element} ${attribute}="${name}">`;
    if (name === undefined) problems.push(`an <${element}> has no run`);
    else if (!runs.includes(name)) {
      problems.push(`${at}: main.ts has no such run`);
    } else if (!recorded.includes(name)) {
      problems.push(`${at}: no recording; ${record}`);
    }
  }
  const { missing, stray } = recordingGaps(lesson.path, runs);
  if (missing.length > 0) {
    problems.push(`runs without a recording: ${missing.join(", ")}; ${record}`);
  }
  if (stray.length > 0) {
    problems.push(
      `recordings of runs main.ts lacks: ${stray.join(", ")}; ${record}`,
    );
  }
  return problems;
}

// Each quiz must build from its recording, with a reason for every line:
// a line without one would fail in front of the learner, not here.
function checkQuizzes(body: string, lesson: LessonInfo): string[] {
  const recorded = recordedRunNames(lesson.path);
  try {
    return findOrderQuizzes(body).flatMap(({ line, props }) => {
      const spec = props as unknown as OrderQuizSpec;
      if (!recorded.includes(spec.run)) return [];
      try {
        buildQuiz(readRecordedRun(lesson.path, spec.run).output, spec);
        return [];
      } catch (error) {
        return [`<OrderQuiz> at line ${line}: ${(error as Error).message}`];
      }
    });
  } catch (error) {
    return [(error as Error).message];
  }
}

function checkExercise(lessonPath: string): string[] {
  const dir = join(lessonPath, "exercise");
  const missing = EXERCISE_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    return missing.map((file) => `exercise/${file} is missing`);
  }
  const problems: string[] = [];
  if (!/\/\/ TODO:/.test(readFileSync(join(dir, "task.ts"), "utf8"))) {
    problems.push("exercise/task.ts has no `// TODO:` line for the learner");
  }
  try {
    parseHints(
      readFileSync(join(dir, "hints.md"), "utf8"),
      "exercise/hints.md",
    );
  } catch (error) {
    problems.push((error as Error).message);
  }
  const wrong = wrongSolutions(lessonPath);
  if (wrong.length < MIN_WRONG_SOLUTIONS) {
    problems.push(
      `exercise/wrong/ has ${wrong.length} wrong solutions; it needs at least ${MIN_WRONG_SOLUTIONS}`,
    );
  }
  for (const entry of wrong) {
    if ("problem" in entry) {
      problems.push(`exercise/wrong/${entry.file}: ${entry.problem}`);
    }
  }
  return problems;
}

/** Files that are neither code, page, hints, recordings nor a used picture. */
function strayFiles(files: string[], page: string): string[] {
  return files.filter((file) => {
    const extension = extname(file);
    if (!ALLOWED_EXTENSIONS.has(extension)) return true;
    if (extension === ".json") return !/^recorded\/[^/]+\.json$/.test(file);
    if (extension === ".md") return file !== "exercise/hints.md";
    if (extension === ".svg")
      return !page.includes(file.split("/").pop() ?? file);
    if (extension === ".mdx") return file !== "index.mdx";
    return false;
  });
}

export function checkLesson({
  lesson,
  scripts,
  runs,
}: CheckerInput): CheckItem[] {
  const pagePath = join(lesson.path, "index.mdx");
  const page = existsSync(pagePath)
    ? readFileSync(pagePath, "utf8")
    : undefined;
  const items: CheckItem[] = [];

  let body = "";
  const pageProblems: string[] = [];
  if (page === undefined) pageProblems.push("index.mdx is missing");
  else {
    try {
      const frontmatter = readFrontmatter(page);
      body = frontmatter.body;
      pageProblems.push(...checkFrontmatter(frontmatter.data, lesson, scripts));
    } catch (error) {
      pageProblems.push(
        `frontmatter is not valid YAML: ${(error as Error).message}`,
      );
    }
  }
  items.push({ label: "page and frontmatter", problems: pageProblems });

  const runNames = runs instanceof Error ? [] : runs;
  items.push({
    label: "main.ts with runs",
    problems: runs instanceof Error ? [runs.message] : [],
  });

  const files = listFiles(lesson.path);
  items.push({
    label: "tests",
    problems: files.some((file) => file.endsWith(".test.ts"))
      ? []
      : ["no *.test.ts file"],
  });
  items.push({ label: "exercise", problems: checkExercise(lesson.path) });
  items.push({
    label: "snippets resolve",
    problems: checkSnippets(body, lesson.path),
  });
  items.push({
    label: "output and timelines recorded",
    problems: checkRecordedRuns(body, lesson, runNames),
  });
  items.push({
    label: "quizzes build from their recordings",
    problems: checkQuizzes(body, lesson),
  });
  items.push({
    label: "no stray files",
    problems: strayFiles(files, page ?? "").map(
      (file) =>
        `${file}: not a page, module, test, hint, recording or used picture`,
    ),
  });
  return items;
}

export function formatChecklist(lessonDir: string, items: CheckItem[]): string {
  const lines = [lessonDir];
  for (const item of items) {
    lines.push(`  ${item.problems.length === 0 ? "✓" : "✗"} ${item.label}`);
    for (const problem of item.problems) lines.push(`      ${problem}`);
  }
  return lines.join("\n");
}
