// Tells the lesson components which folder they live in. Astro's MDX pipeline
// (Sätteri) runs mdast plugins with the file's URL; for every Snippet, Output,
// Timeline, Chart, Exercise and RunIt element in a page under `lessons/`, this adds a
// `lessonDir` attribute holding the absolute folder of that page, so
// `<Snippet file="./fetch-all.ts" />` can be resolved without import lines.
import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { MdastPluginInstance, MdastVisitorContext } from "satteri";

export const LESSON_COMPONENTS: ReadonlySet<string> = new Set([
  "Snippet",
  "Output",
  "Timeline",
  "Chart",
  "Exercise",
  "RunIt",
  "OrderQuiz",
  "LoopView",
]);

export interface JsxElement {
  name: string | null;
  attributes: readonly { type: string; name?: string }[];
}

/** The folder of a page if it is a lesson page (`.../lessons/<folder>/x.mdx`). */
export function lessonDirOf(file: string): string | undefined {
  const folder = dirname(file);
  const parent = dirname(folder);
  return parent.split(sep).at(-1) === "lessons" ? folder : undefined;
}

function addLessonDir(node: JsxElement, context: MdastVisitorContext): void {
  if (!node.name || !LESSON_COMPONENTS.has(node.name)) return;
  if (!context.fileURL) return;
  const lessonDir = lessonDirOf(fileURLToPath(context.fileURL));
  if (!lessonDir) return;
  // An author's own `lessonDir` wins; there is no reason to write one, but
  // two attributes with one name would be a JSX error.
  if (node.attributes.some((attribute) => attribute.name === "lessonDir")) {
    return;
  }
  addAttribute(node, context, "lessonDir", lessonDir);
}

/**
 * Gives a JSX element one more attribute (`null`: a boolean one, `true`).
 * Attributes cannot be set in place, so the element is replaced by a copy.
 */
export function addAttribute(
  node: JsxElement,
  context: MdastVisitorContext,
  name: string,
  value: string | null,
): void {
  context.replaceNode(
    node as never,
    {
      ...node,
      attributes: [
        ...node.attributes,
        { type: "mdxJsxAttribute", name, value },
      ],
    } as never,
  );
}

export const remarkLessonDir = {
  name: "remark-lesson-dir",
  mdxJsxFlowElement: addLessonDir,
  mdxJsxTextElement: addLessonDir,
} satisfies MdastPluginInstance & { name: string };
