// Build-time syntax highlighting for code cut from lesson modules. One
// highlighter is created per build and reused: creating one loads grammars
// and themes, which is far slower than highlighting.
import { createHighlighter, type Highlighter } from "shiki";

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
