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

// Terminal styles for a hint's Markdown: on a TTY code is coloured and
// emphasis is bold or italic; in plain text the markers simply go.
const STYLE = {
  code: "\x1b[36m",
  strong: "\x1b[1m",
  em: "\x1b[3m",
  link: "\x1b[4m",
  reset: "\x1b[0m",
};
const INLINE: Record<string, string> = {
  code: STYLE.code,
  strong: STYLE.strong,
  b: STYLE.strong,
  em: STYLE.em,
  i: STYLE.em,
  a: STYLE.link,
};

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi,
    (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) {
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      }
      if (name.startsWith("#"))
        return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    },
  );
}

/**
 * A hint's Markdown as terminal text: paragraphs keep their lines (breaking
 * any longer than `width`), lists get `-` or `1.`, code blocks are indented,
 * a link shows its address. With
 * `color`, inline code is coloured and **bold** and _emphasis_ are styled;
 * without it, the text is plain, with no Markdown markers left.
 */
export function hintTerminalText(
  hint: Hint | string,
  options: { color?: boolean; width?: number } = {},
): string {
  // Narrower than this, breaking lines would hurt more than it helps.
  const width = Math.max(options.width ?? 80, 40);
  const markdown = typeof hint === "string" ? hint : hint.body;
  const html = markdownToHtml(markdown).html;
  const out: string[] = [];
  const indent: string[] = [];
  const styles: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  const links: { href: string; text: string }[] = [];
  let line: string | null = null;
  let marker: string | null = null;
  let blankBefore = false;
  let inPre = false;

  // The styles in force at the end of the current line, if any.
  let open = "";
  const endLine = (): void => {
    if (line !== null) out.push(line.trimEnd() + (open ? STYLE.reset : ""));
    line = null;
    open = "";
  };
  const block = (): void => {
    endLine();
    blankBefore = true;
  };
  // How much of the current line shows: its text without the styles.
  let shown = 0;
  const startLine = (): string => {
    if (blankBefore && out.length > 0) out.push("");
    blankBefore = false;
    const pad = indent.join("");
    const start =
      marker === null ? pad : pad.slice(0, pad.length - marker.length) + marker;
    marker = null;
    shown = start.length;
    return start;
  };
  const append = (piece: string): void => {
    const on = options.color ? styles.join("") : "";
    line ??= startLine();
    if (on !== open) {
      line += (open ? STYLE.reset : "") + on;
      open = on;
    }
    line += piece;
    shown += piece.length;
  };
  const write = (text: string): void => {
    text.split("\n").forEach((piece, index) => {
      if (index > 0) endLine();
      if (piece === "") return;
      if (inPre) return append(piece);
      // A line that would pass the width breaks at a space; code spans
      // join their lines, so a source line can come out longer.
      for (const word of piece.split(/(?<= )/)) {
        const fits = shown + word.trimEnd().length <= width;
        if (line !== null && !fits && shown > indent.join("").length) {
          endLine();
          if (word.trim() === "") continue;
        }
        append(word);
      }
    });
  };

  const tags = /<(\/?)([a-z][a-z0-9]*)((?:\s[^>]*)?)>|([^<]+)/gi;
  for (const [, closing, rawName = "", attributes = "", text] of html.matchAll(
    tags,
  )) {
    if (text !== undefined) {
      // Between blocks, the HTML has bare newlines that are not content.
      if (inPre || line !== null || text.trim() !== "") {
        const decoded = decodeEntities(text);
        const link = links.at(-1);
        if (link) link.text += decoded;
        write(decoded);
      }
      continue;
    }
    const name = rawName.toLowerCase();
    const style = INLINE[name];
    if (name === "code" && inPre) {
      continue;
    } else if (style !== undefined) {
      if (closing) {
        styles.pop();
        const link = name === "a" ? links.pop() : undefined;
        // An address shows after its text, unless the text is the address.
        if (link?.href && link.text !== link.href) write(` (${link.href})`);
      } else {
        styles.push(style);
        if (name === "a") {
          links.push({
            text: "",
            href: decodeEntities(/href="([^"]*)"/.exec(attributes)?.[1] ?? ""),
          });
        }
      }
    } else if (name === "pre") {
      block();
      if (closing) indent.pop();
      else indent.push("    ");
      inPre = !closing;
      if (closing) styles.pop();
      else styles.push(STYLE.code);
    } else if (name === "ul" || name === "ol") {
      block();
      if (closing) lists.pop();
      else lists.push({ ordered: name === "ol", next: 1 });
    } else if (name === "li") {
      endLine();
      if (closing) {
        indent.pop();
        continue;
      }
      const list = lists.at(-1);
      marker = list?.ordered ? `${list.next++}. ` : "- ";
      indent.push(" ".repeat(marker.length));
    } else if (name === "blockquote") {
      block();
      if (closing) indent.pop();
      else indent.push("│ ");
    } else if (name === "br") {
      endLine();
    } else if (/^(p|h[1-6]|hr|table|tr|div)$/.test(name)) {
      // A paragraph right at the start of a list item stays on its line.
      if (!(name === "p" && !closing && marker !== null)) block();
      if (/^h[1-6]$/.test(name)) {
        if (closing) styles.pop();
        else styles.push(STYLE.strong);
      }
    }
  }
  endLine();
  return out.join("\n");
}
