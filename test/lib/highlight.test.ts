import { describe, expect, it } from "vitest";
import { highlight, languageOf } from "../../src/lib/highlight.ts";

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
