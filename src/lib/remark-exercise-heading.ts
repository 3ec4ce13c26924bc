// Every lesson page shows its exercise under one "Exercise" heading, written
// by the page. Where the page writes `## Exercise` before `<Exercise />`,
// that heading is the exercise's; where it does not, this mdast plugin adds
// one, so the exercise is in the table of contents on every page. Either
// way the element gets `pageHeading`, and the component draws no heading
// of its own (it did, and six pages showed "Exercise" twice).
import type { MdastPluginInstance, MdastVisitorContext } from "satteri";
import { addAttribute, type JsxElement } from "./remark-lesson-dir.ts";

export const EXERCISE_HEADING = "Exercise";

interface MdastChild {
  type: string;
  depth?: number;
}

/** Whether the nearest heading before `node` is the page's exercise heading. */
function headedByPage(node: JsxElement, context: MdastVisitorContext): boolean {
  const parent = context.parent(node as never);
  const index = context.indexOf(node as never);
  if (!parent || index === undefined) return false;
  const siblings = parent.children as readonly MdastChild[];
  for (let i = index - 1; i >= 0; i--) {
    const sibling = siblings[i];
    if (sibling?.type !== "heading") continue;
    const text = context.textContent(sibling as never).trim();
    return sibling.depth === 2 && /^exercise\b/i.test(text);
  }
  return false;
}

function markExercise(node: JsxElement, context: MdastVisitorContext): void {
  if (node.name !== "Exercise") return;
  if (node.attributes.some((attribute) => attribute.name === "pageHeading")) {
    return;
  }
  if (!headedByPage(node, context)) {
    context.insertBefore(node as never, {
      type: "heading",
      depth: 2,
      children: [{ type: "text", value: EXERCISE_HEADING }],
    });
  }
  addAttribute(node, context, "pageHeading", null);
}

export const remarkExerciseHeading = {
  name: "remark-exercise-heading",
  mdxJsxFlowElement: markExercise,
} satisfies MdastPluginInstance & { name: string };
