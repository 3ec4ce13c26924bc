import { markdownToHtml } from "satteri";
import { describe, expect, it } from "vitest";
import { rehypeTableCorner } from "../../src/lib/rehype-table-corner.ts";
import { rehypeTableScroll } from "../../src/lib/rehype-table-scroll.ts";

function render(markdown: string): string {
  return markdownToHtml(markdown, {
    hastPlugins: [rehypeTableCorner, rehypeTableScroll],
  }).html;
}

describe("rehypeTableScroll", () => {
  it("puts a table in a focusable region that scrolls on its own", () => {
    const html = render("| asyncio | Node |\n| --- | --- |\n| a | b |\n");
    expect(html).toMatch(
      /^<div class="table-scroll" tabindex="0" role="region" aria-label="Table: asyncio, Node"><table>/,
    );
    expect(html.trimEnd()).toMatch(/<\/table><\/div>$/);
  });

  it("names the region from the header cells that have text", () => {
    const html = render(
      "| | Readiness `epoll` | Completion |\n| --- | --- | --- |\n| a | b | c |\n",
    );
    expect(html).toContain('aria-label="Table: Readiness epoll, Completion"');
  });

  it("wraps every table once", () => {
    const html = render("| A |\n| - |\n| b |\n\ntext\n\n| C |\n| - |\n| d |\n");
    expect(html.match(/class="table-scroll"/g)).toHaveLength(2);
    expect(html.match(/<table>/g)).toHaveLength(2);
  });
});
