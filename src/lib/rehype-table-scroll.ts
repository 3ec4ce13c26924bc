// A table wider than a phone's screen would widen the whole page. This hast
// plugin puts every table in a box that scrolls sideways on its own
// (`.table-scroll` in global.css). The box can take keyboard focus, so a
// keyboard user can scroll it too, and is a labelled region, which is what
// a screen reader announces when focus lands there.
import type { HastVisitorInstance } from "satteri";

interface HastText {
  type: string;
  value?: string;
  children?: readonly HastText[];
  tagName?: string;
}

/** The text of the table's first header row, to name its region. */
function headerText(node: HastText): string {
  const findRow = (current: HastText): HastText | undefined => {
    if (current.tagName === "tr") return current;
    for (const child of current.children ?? []) {
      const row = findRow(child);
      if (row) return row;
    }
    return undefined;
  };
  return (findRow(node)?.children ?? [])
    .filter((cell) => cell.tagName === "th")
    .map((cell) => textOf(cell).trim())
    .filter((text) => text !== "")
    .join(", ");
}

function textOf(node: HastText): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

export const rehypeTableScroll = {
  name: "rehype-table-scroll",
  element: {
    filter: ["table"],
    visit(node, context) {
      const header = headerText(node as unknown as HastText);
      context.wrapNode(node, {
        type: "element",
        tagName: "div",
        properties: {
          className: ["table-scroll"],
          tabIndex: 0,
          role: "region",
          ariaLabel: header === "" ? "Table" : `Table: ${header}`,
        },
        children: [],
      });
    },
  },
} satisfies HastVisitorInstance & { name: string };
