// Splits an exercise's hints.md into its `## Hint N` sections, gentlest
// first, so the page can fold each one on its own.
import { markdownToHtml } from "satteri";

export interface Hint {
  /** The heading text, e.g. "Hint 1" or "Hint 2: start both requests". */
  title: string;
  /** Markdown below the heading, up to the next hint. */
  body: string;
}

const HINT_HEADING = /^##\s+(Hint\s+\d+\b.*?)\s*$/;

export function parseHints(markdown: string, label = "hints.md"): Hint[] {
  const hints: Hint[] = [];
  let current: { title: string; lines: string[] } | undefined;
  const finish = (): void => {
    if (current) {
      hints.push({
        title: current.title,
        body: current.lines.join("\n").trim(),
      });
    }
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = HINT_HEADING.exec(line);
    if (heading?.[1]) {
      finish();
      current = { title: heading[1], lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  finish();
  if (hints.length === 0) {
    throw new Error(`${label}: no "## Hint 1" section found`);
  }
  return hints;
}

/** A hint's Markdown as HTML (hints are plain prose, inline code and lists). */
export function hintHtml(hint: Hint): string {
  return markdownToHtml(hint.body).html.trim();
}
