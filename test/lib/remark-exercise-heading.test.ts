import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mdxToJs } from "satteri";
import { describe, expect, it } from "vitest";
import { remarkExerciseHeading } from "../../src/lib/remark-exercise-heading.ts";
import { remarkLessonDir } from "../../src/lib/remark-lesson-dir.ts";

function compile(source: string): string {
  return mdxToJs(source, {
    mdastPlugins: [remarkLessonDir, remarkExerciseHeading],
    fileURL: pathToFileURL(join("/repo", "lessons", "01-x", "index.mdx")),
    jsxImportSource: "astro",
  }).code;
}

/** The h2 headings the compiled page renders, in order. */
function h2s(code: string): string[] {
  return [
    ...code.matchAll(/_jsx\(_components\.h2, \{ children: "([^"]*)" \}/g),
  ].map((match) => match[1] ?? "");
}

describe("remarkExerciseHeading", () => {
  it("keeps the page's own Exercise heading and tells the component", () => {
    const code = compile("## Exercise\n\nFill in the stub.\n\n<Exercise />");
    expect(h2s(code)).toEqual(["Exercise"]);
    expect(code).toContain("pageHeading: true");
  });

  it("adds the heading where the page has none", () => {
    const code = compile("## Check yourself\n\nQuestions.\n\n<Exercise />");
    expect(h2s(code)).toEqual(["Check yourself", "Exercise"]);
    expect(code).toContain("pageHeading: true");
  });

  it("does not take a deeper heading for the exercise's", () => {
    const code = compile("## Exercise\n\n### Exercise notes\n\n<Exercise />");
    expect(h2s(code)).toEqual(["Exercise", "Exercise"]);
  });

  it("leaves other components alone", () => {
    const code = compile('<Snippet file="./a.ts" />');
    expect(code).not.toContain("pageHeading");
    expect(h2s(code)).toEqual([]);
  });
});
