// Build-time help for `<OrderQuiz>`: the props of every `<OrderQuiz ... />`
// in a lesson page, so the lesson checker and a test can build every quiz of
// the course without a browser or a build (a line without a reason then
// fails a check, not the learner).
import { runInNewContext } from "node:vm";

export interface FoundQuiz {
  /** 1-based line of the page where the element starts. */
  line: number;
  props: Record<string, unknown>;
}

/** The end of a `{...}` expression starting at `start` (the `{`). */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") quote = char;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  throw new Error(`an expression opened at offset ${start} is not closed`);
}

/** The props of every `<OrderQuiz>` element in an MDX page. */
export function findOrderQuizzes(mdx: string): FoundQuiz[] {
  const found: FoundQuiz[] = [];
  const opening = /<OrderQuiz\b/g;
  for (const match of mdx.matchAll(opening)) {
    const line = mdx.slice(0, match.index).split("\n").length;
    const props: Record<string, unknown> = {};
    let i = match.index + match[0].length;
    for (;;) {
      while (/\s/.test(mdx[i] ?? "")) i++;
      if (mdx.startsWith("/>", i) || mdx[i] === ">") break;
      const name = /^[A-Za-z][\w-]*/.exec(mdx.slice(i))?.[0];
      if (name === undefined) {
        throw new Error(`<OrderQuiz> at line ${line}: cannot read its props`);
      }
      i += name.length;
      if (mdx[i] !== "=") {
        props[name] = true;
        continue;
      }
      i++;
      if (mdx[i] === '"' || mdx[i] === "'") {
        const end = mdx.indexOf(mdx[i] ?? "", i + 1);
        props[name] = mdx.slice(i + 1, end);
        i = end + 1;
      } else if (mdx[i] === "{") {
        const end = expressionEnd(mdx, i);
        // The page's own text, evaluated alone: a literal, as MDX reads it.
        props[name] = runInNewContext(
          `(${mdx.slice(i + 1, end)})`,
          {},
          {
            timeout: 1000,
          },
        );
        i = end + 1;
      } else {
        throw new Error(
          `<OrderQuiz> at line ${line}: prop ${name} has no value`,
        );
      }
    }
    found.push({ line, props });
  }
  return found;
}
