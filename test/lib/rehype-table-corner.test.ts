import { markdownToHtml } from "satteri";
import { describe, expect, it } from "vitest";
import { rehypeTableCorner } from "../../src/lib/rehype-table-corner.ts";

function render(markdown: string): string {
  return markdownToHtml(markdown, { hastPlugins: [rehypeTableCorner] }).html;
}

describe("rehypeTableCorner", () => {
  it("turns an empty header cell into a plain cell", () => {
    const html = render(
      "| | Readiness | Completion |\n| --- | --- | --- |\n| a | b | c |\n",
    );
    expect(html).toMatch(/<thead>\s*<tr>\s*<td><\/td>\s*<th>Readiness<\/th>/);
    expect(html.match(/<th>/g)).toHaveLength(2);
  });

  it("keeps header cells that have text", () => {
    const html = render("| Model | Readiness |\n| --- | --- |\n| a | b |\n");
    expect(html.match(/<th>/g)).toHaveLength(2);
    expect(html).not.toContain("<td></td>");
  });
});
