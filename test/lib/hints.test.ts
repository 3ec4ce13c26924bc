import { describe, expect, it } from "vitest";
import { hintHtml, parseHints } from "../../src/lib/hints.ts";

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
