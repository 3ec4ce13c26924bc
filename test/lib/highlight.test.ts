import { describe, expect, it } from "vitest";
import {
  highlight,
  highlightRegion,
  languageOf,
} from "../../src/lib/highlight.ts";
import { extractRegion } from "../../src/lib/regions.ts";

describe("highlight", () => {
  it("colours tokens for the light theme inline and the dark theme in variables", async () => {
    const html = await highlight("const answer: number = 42;", "typescript");
    expect(html).toMatch(/^<pre class="shiki shiki-themes /);
    const spans = html.match(/<span style="[^"]*"/g) ?? [];
    expect(spans.length).toBeGreaterThan(3);
    expect(html).toContain("--shiki-dark:");
    expect(html).toContain("answer");
  });

  it("escapes markup in the code it shows", async () => {
    const html = await highlight('const tag = "<b>";', "typescript");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&#x3C;b>");
  });

  it("shows plain text without token colours", async () => {
    const html = await highlight("just words", "text");
    expect(html).toContain("just words");
  });
});

describe("languageOf", () => {
  it("picks the language from the file extension", () => {
    expect(languageOf("./fetch-all.ts")).toBe("typescript");
    expect(languageOf("hints.md")).toBe("markdown");
    expect(languageOf("notes")).toBe("text");
  });
});

// A region that starts inside a class: on its own, `async #run()` does not
// parse as a method, and the grammar left `async` and `const` uncoloured.
const loop = [
  "export class Loop {",
  "  #queue: (() => void)[] = [];",
  "",
  "  // #region run",
  "  async #run(): Promise<void> {",
  "    const next = this.#queue.shift();",
  "",
  "    next?.();",
  "  }",
  "  // #endregion",
  "}",
].join("\n");

/** The inline style of the first token whose text is `text`. */
function styleOf(html: string, text: string): string | undefined {
  const tokens = [...html.matchAll(/<span style="([^"]*)">([^<]*)<\/span>/g)];
  return tokens.find((token) => token[2]?.trim() === text)?.[1];
}

/** The code a highlighted block shows, as text. */
function textOf(html: string): string {
  return html
    .replace(/<\/span><\/span>\n?/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x3C;/g, "<")
    .replace(/&#x26;/g, "&")
    .replace(/\n$/, "");
}

describe("highlightRegion", () => {
  it("colours a region that starts inside a class as the class's code", async () => {
    const html = await highlightRegion(loop, "run", "typescript");
    const keyword = styleOf(await highlight(loop, "typescript"), "class");
    expect(keyword).toBeDefined();
    expect(styleOf(html, "async")).toBe(keyword);
    expect(styleOf(html, "const")).toBe(keyword);
  });

  it("shows exactly the region's lines, dedented, without the markers", async () => {
    const html = await highlightRegion(loop, "run", "typescript");
    expect(textOf(html)).toBe(extractRegion(loop, "run"));
    expect(html).not.toContain("#region");
    expect(html).not.toContain("Loop");
  });

  it("keeps the light theme inline and the dark theme in variables", async () => {
    const html = await highlightRegion(loop, "run", "typescript");
    expect(html).toMatch(/^<pre class="shiki shiki-themes /);
    expect(styleOf(html, "async")).toMatch(
      /^color:#[0-9A-F]{6};--shiki-dark:#/i,
    );
  });

  it("shows the whole module without markers when no region is named", async () => {
    const html = await highlightRegion(loop, undefined, "typescript");
    expect(textOf(html)).toBe(extractRegion(loop, undefined));
  });

  it("names the file and the regions there are when a region is missing", async () => {
    await expect(
      highlightRegion(loop, "walk", "typescript", "lessons/x/loop.ts"),
    ).rejects.toThrow(
      /region "walk" not found in lessons\/x\/loop.ts \(regions: run\)/,
    );
  });
});
