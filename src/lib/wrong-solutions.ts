// A lesson's `exercise/wrong/*.ts` are plausible wrong solutions. Each one
// says on its first two lines what its mistake is and which words the check
// must use when it rejects it, so a test can prove the check rejects it for
// that reason and not by accident.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface WrongSolution {
  /** File name inside `exercise/wrong/`, e.g. "batches.ts". */
  file: string;
  /** The mistake, in words (line 1: `// Mistake: ...`). */
  mistake: string;
  /** Words the verdict must contain (line 2: `// Rejected for: ...`). */
  rejectedFor: string;
}

const MISTAKE = /^\/\/ Mistake: (\S.*?)\s*$/;
const REJECTED_FOR = /^\/\/ Rejected for: (\S.*?)\s*$/;

/** The header of one wrong solution, or why it has none. */
export function parseWrongSolution(
  file: string,
  text: string,
): WrongSolution | { file: string; problem: string } {
  const [first = "", second = ""] = text.split(/\r?\n/, 2);
  const mistake = MISTAKE.exec(first)?.[1];
  const rejectedFor = REJECTED_FOR.exec(second)?.[1];
  if (mistake === undefined) {
    return { file, problem: "line 1 must be `// Mistake: <the mistake>`" };
  }
  if (rejectedFor === undefined) {
    return {
      file,
      problem: "line 2 must be `// Rejected for: <words of the verdict>`",
    };
  }
  return { file, mistake, rejectedFor };
}

/** Every file in `exercise/wrong/`, parsed, in name order. */
export function wrongSolutions(
  lessonPath: string,
): ReturnType<typeof parseWrongSolution>[] {
  const dir = join(lessonPath, "exercise", "wrong");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) =>
      parseWrongSolution(file, readFileSync(join(dir, file), "utf8")),
    );
}

/** Whether a verdict's words contain the phrase, ignoring case and spacing. */
export function verdictSays(verdictText: string, phrase: string): boolean {
  const squash = (text: string): string =>
    text.toLowerCase().replace(/\s+/g, " ");
  return squash(verdictText).includes(squash(phrase));
}
