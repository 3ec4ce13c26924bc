// Comparison tables often leave the top-left header cell empty
// (`| | Readiness | Completion |`). An empty <th> is a header that names
// nothing, which screen readers announce as a blank column heading; as a
// plain <td> the corner is simply empty. This hast plugin makes that swap.
import type { HastVisitorInstance } from "satteri";

interface HastElement {
  type: "element";
  tagName: string;
  children: readonly { type: string; value?: string }[];
}

function isEmpty(cell: HastElement): boolean {
  return cell.children.every(
    (child) => child.type === "text" && (child.value ?? "").trim() === "",
  );
}

export const rehypeTableCorner = {
  name: "rehype-table-corner",
  element: {
    filter: ["th"],
    visit(node) {
      const cell = node as unknown as HastElement;
      if (!isEmpty(cell)) return undefined;
      return { ...node, tagName: "td" };
    },
  },
} satisfies HastVisitorInstance & { name: string };
