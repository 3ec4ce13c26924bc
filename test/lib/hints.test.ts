import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { discoverLessons } from "../../src/lib/lessons.ts";
import { hintHtml, hintTerminalText, parseHints } from "../../src/lib/hints.ts";

describe("parseHints", () => {
  it("splits hints.md into its hint sections, in order, without the headings", () => {
    const hints = parseHints(
      [
        "# Hints for lesson 1",
        "",
        "## Hint 1",
        "",
        "Both requests can start before either finishes.",
        "",
        "## Hint 2: the tool",
        "",
        "Look at `Promise.all`.",
        "",
        "```ts",
        "## not a heading inside code? it is a line starting with ##",
        "```",
      ].join("\n"),
    );
    expect(hints.map((hint) => hint.title)).toEqual([
      "Hint 1",
      "Hint 2: the tool",
    ]);
    expect(hints[0]?.body).toBe(
      "Both requests can start before either finishes.",
    );
    expect(hints[1]?.body).toContain("Look at `Promise.all`.");
  });

  it("ignores level-2 headings that are not hints", () => {
    const hints = parseHints("## Hint 1\nA\n## Notes\nB");
    expect(hints).toHaveLength(1);
    expect(hints[0]?.body).toBe("A\n## Notes\nB");
  });

  it("fails when there is no hint at all", () => {
    expect(() =>
      parseHints("Just text", "lessons/x/exercise/hints.md"),
    ).toThrow('lessons/x/exercise/hints.md: no "## Hint 1" section found');
  });
});

describe("hintHtml", () => {
  it("renders a hint's Markdown, inline code included", () => {
    const [hint] = parseHints("## Hint 1\n\nUse `Promise.all` on **both**.");
    expect(hint && hintHtml(hint)).toBe(
      "<p>Use <code>Promise.all</code> on <strong>both</strong>.</p>",
    );
  });
});

describe("hintTerminalText", () => {
  const markdown = [
    "Replace `await Promise.all(pending)` with **`allSettled`**, which",
    "_waits_ for every one; see [the docs](https://nodejs.org/api/) or",
    "<https://nodejs.org/>. Keep `a < b && c` as it is.",
    "",
    "- start the workers",
    "- wait for them",
    "",
    "1. first",
    "2. second",
    "",
    "```ts",
    "const limit = 4;",
    "```",
  ].join("\n");

  it("leaves no Markdown markers in plain text, and keeps the lines", () => {
    expect(hintTerminalText(markdown)).toBe(
      [
        "Replace await Promise.all(pending) with allSettled, which",
        "waits for every one; see the docs (https://nodejs.org/api/) or",
        "https://nodejs.org/. Keep a < b && c as it is.",
        "",
        "- start the workers",
        "- wait for them",
        "",
        "1. first",
        "2. second",
        "",
        "    const limit = 4;",
      ].join("\n"),
    );
  });

  it("breaks a line that code spans joined past the width at a space", () => {
    const text = hintTerminalText(
      [
        "Call `items.map(fn)` and then `Promise.all(the\npromises)` on what",
        "comes back.",
        "- a list item long enough to pass forty columns",
      ].join("\n"),
      { width: 40 },
    );
    expect(text).toBe(
      [
        "Call items.map(fn) and then",
        "Promise.all(the promises) on what",
        "comes back.",
        "",
        "- a list item long enough to pass forty",
        "  columns",
      ].join("\n"),
    );
  });

  it("never breaks narrower than 40 columns, whatever the terminal says", () => {
    const line = "a line of some forty columns, give or take";
    expect(hintTerminalText(line, { width: 0 })).toBe(
      "a line of some forty columns, give or\ntake",
    );
  });

  it("colours code and styles bold and emphasis on a terminal", () => {
    const text = hintTerminalText("Use `Promise.all` on **both**, _now_.", {
      color: true,
    });
    expect(text).toBe(
      "Use \x1b[36mPromise.all\x1b[0m on \x1b[1mboth\x1b[0m, \x1b[3mnow\x1b[0m.",
    );
  });

  it("keeps code inside bold styled as both", () => {
    const text = hintTerminalText("**the `limit`**", { color: true });
    expect(text).toBe("\x1b[1mthe \x1b[0m\x1b[1m\x1b[36mlimit\x1b[0m");
  });

  it("leaves no Markdown markers in any lesson's hints", () => {
    for (const lesson of discoverLessons()) {
      const file = join(lesson.path, "exercise", "hints.md");
      let source: string;
      try {
        source = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      for (const hint of parseHints(source, file)) {
        // Code may hold backticks and `**` of its own: leave it out.
        const body = hint.body.replace(/(`+)[\s\S]*?\1/g, "x");
        const text = hintTerminalText(body);
        expect(text, `${file}, ${hint.title}:\n${text}`).not.toMatch(
          /`|\*\*|\]\(|<\/?[a-z]+>|\b_\w|\w_\b/,
        );
      }
    }
  });
});
