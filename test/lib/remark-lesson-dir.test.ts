import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mdxToJs } from "satteri";
import { describe, expect, it } from "vitest";
import {
  lessonDirOf,
  remarkLessonDir,
} from "../../src/lib/remark-lesson-dir.ts";

const lessonFolder = join("/repo", "lessons", "01-sync-vs-async");

function compile(source: string, file: string): string {
  // With synchronous plugins only, Sätteri compiles synchronously.
  const result = mdxToJs(source, {
    mdastPlugins: [remarkLessonDir],
    fileURL: pathToFileURL(file),
    jsxImportSource: "astro",
  });
  return result.code;
}

describe("remarkLessonDir", () => {
  it("gives every lesson component in a lesson page its folder", () => {
    const code = compile(
      [
        '<Snippet file="./fetch-all.ts" region="sequential" />',
        "",
        'Inline <Output run="sequential" /> too.',
        "",
        '<Timeline run="sequential" />',
        "",
        "<RunIt />",
        "",
        "<Exercise />",
      ].join("\n"),
      join(lessonFolder, "index.mdx"),
    );
    const attribute = `lessonDir: ${JSON.stringify(lessonFolder)}`;
    expect(code.split(attribute)).toHaveLength(6);
    expect(code).toContain('region: "sequential"');
  });

  it("leaves other elements, and the children of lesson components, alone", () => {
    const code = compile(
      '<Callout type="note">\n\n<RunIt>\n\nsome **text**\n\n</RunIt>\n\n</Callout>',
      join(lessonFolder, "index.mdx"),
    );
    expect(code.match(/lessonDir/g)).toHaveLength(1);
    expect(code).toContain('type: "note"');
    expect(code).toContain('"text"');
  });

  it("adds nothing to pages outside a lesson folder", () => {
    const code = compile('<Snippet file="./a.ts" />', "/repo/src/pages/x.mdx");
    expect(code).not.toContain("lessonDir");
  });

  it("keeps a lessonDir the author wrote", () => {
    const code = compile(
      '<RunIt lessonDir="/elsewhere" />',
      join(lessonFolder, "index.mdx"),
    );
    expect(code.match(/lessonDir/g)).toHaveLength(1);
    expect(code).toContain('"/elsewhere"');
  });
});

describe("lessonDirOf", () => {
  it("returns the folder of a page directly inside a lessons/ child folder", () => {
    expect(lessonDirOf(join(lessonFolder, "index.mdx"))).toBe(lessonFolder);
    expect(lessonDirOf("/repo/lessons/index.mdx")).toBeUndefined();
    expect(lessonDirOf("/repo/src/pages/index.mdx")).toBeUndefined();
  });
});
