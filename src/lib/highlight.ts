// Build-time syntax highlighting for code cut from lesson modules. One
// highlighter is created per build and reused: creating one loads grammars
// and themes, which is far slower than highlighting.
import {
  createHighlighter,
  type Highlighter,
  type ShikiTransformer,
  type ThemedToken,
} from "shiki";
import { regionCut } from "./regions.ts";

/** Light and dark themes; the page switches between them with CSS. */
export const CODE_THEMES = {
  light: "github-light-default",
  dark: "github-dark-default",
} as const;

export const CODE_LANGUAGES = [
  "typescript",
  "javascript",
  "json",
  "shellscript",
  "python",
  "java",
  "csharp",
  "markdown",
] as const;

export type CodeLanguage = (typeof CODE_LANGUAGES)[number] | "text";

let highlighter: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: Object.values(CODE_THEMES),
    langs: [...CODE_LANGUAGES],
  });
  return highlighter;
}

const LANGUAGE_BY_EXTENSION: Record<string, CodeLanguage> = {
  ts: "typescript",
  mts: "typescript",
  js: "javascript",
  mjs: "javascript",
  json: "json",
  sh: "shellscript",
  py: "python",
  java: "java",
  cs: "csharp",
  md: "markdown",
};

/** The language to highlight a file with, from its extension. */
export function languageOf(file: string): CodeLanguage {
  const extension = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? "";
  return LANGUAGE_BY_EXTENSION[extension] ?? "text";
}

/**
 * Highlighted HTML (`<pre class="shiki ...">`): colours of the light theme
 * inline, those of the dark theme in `--shiki-dark` variables, so a
 * stylesheet rule can switch themes without rebuilding.
 */
export async function highlight(
  code: string,
  lang: CodeLanguage,
): Promise<string> {
  const shiki = await getHighlighter();
  return shiki.codeToHtml(code, {
    lang,
    themes: CODE_THEMES,
    defaultColor: "light",
  });
}

/** A line's tokens without its first `count` characters of indentation. */
function dropIndent(line: ThemedToken[], count: number): ThemedToken[] {
  let left = count;
  const kept: ThemedToken[] = [];
  for (const token of line) {
    if (left > 0) {
      const indent = /^[ \t]*/.exec(token.content)?.[0].length ?? 0;
      const cut = Math.min(left, indent);
      left = cut === token.content.length ? left - cut : 0;
      const content = token.content.slice(cut);
      if (content !== "") {
        kept.push({ ...token, content, offset: token.offset + cut });
      }
      continue;
    }
    kept.push(token);
  }
  return kept;
}

/**
 * A region of a module (the whole module when `region` is undefined),
 * highlighted as part of the module: the grammar reads every line from the
 * top, so code that starts inside a class or a template literal is coloured
 * as what it is; then only the region's lines are kept, dedented, without
 * the markers. `label` names the file in error messages.
 */
export async function highlightRegion(
  source: string,
  region: string | undefined,
  lang: CodeLanguage,
  label = "source",
): Promise<string> {
  const cut = regionCut(source, region, label);
  const keep: ShikiTransformer = {
    name: "keep-region-lines",
    tokens(lines) {
      return cut.lines.map((index) =>
        dropIndent(lines[index] ?? [], cut.indent),
      );
    },
  };
  const shiki = await getHighlighter();
  return shiki.codeToHtml(source.replace(/\r\n/g, "\n"), {
    lang,
    themes: CODE_THEMES,
    defaultColor: "light",
    transformers: [keep],
  });
}
