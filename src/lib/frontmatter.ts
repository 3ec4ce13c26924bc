// Reads the YAML frontmatter of a lesson page outside of Astro, for the CLI
// tools (lesson listing, lesson checker) that run without a build.
import { parse } from "yaml";

export interface Frontmatter {
  /** The parsed fields; empty when the page has no frontmatter block. */
  data: Record<string, unknown>;
  /** The page after the closing `---`. */
  body: string;
}

const BLOCK = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** Split a page into its frontmatter fields and body; invalid YAML throws. */
export function readFrontmatter(source: string): Frontmatter {
  const match = BLOCK.exec(source);
  if (!match) return { data: {}, body: source };
  const parsed: unknown = parse(match[1] ?? "");
  const data =
    parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  return { data, body: source.slice(match[0].length) };
}
