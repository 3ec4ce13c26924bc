// Cuts named regions out of a companion module, so a page shows code that a
// test has run. Markers look like `// #region name` and `// #endregion`; they
// nest, and every marker line is dropped from what the page shows.

const REGION_START = /^\s*\/\/\s*#region\b[ \t]*(.*?)\s*$/;
const REGION_END = /^\s*\/\/\s*#endregion\b/;

/** A malformed module or a region that is not there. */
export class RegionError extends Error {
  override name = "RegionError";
}

interface RegionSpan {
  name: string;
  /** Line index of the `#region` marker. */
  start: number;
  /** Line index of the matching `#endregion` marker. */
  end: number;
}

function findRegions(lines: string[], label: string): RegionSpan[] {
  const open: { name: string; start: number }[] = [];
  const spans: RegionSpan[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const start = REGION_START.exec(line);
    if (start) {
      const name = start[1] ?? "";
      if (name === "") {
        throw new RegionError(`${label}:${index + 1}: #region without a name`);
      }
      if (seen.has(name)) {
        throw new RegionError(
          `${label}:${index + 1}: region "${name}" is defined twice`,
        );
      }
      seen.add(name);
      open.push({ name, start: index });
      return;
    }
    if (REGION_END.test(line)) {
      const region = open.pop();
      if (!region) {
        throw new RegionError(
          `${label}:${index + 1}: #endregion without a matching #region`,
        );
      }
      spans.push({ ...region, end: index });
    }
  });
  const unterminated = open.pop();
  if (unterminated) {
    throw new RegionError(
      `${label}:${unterminated.start + 1}: region "${unterminated.name}" ` +
        `is never closed with // #endregion`,
    );
  }
  return spans.sort((a, b) => a.start - b.start);
}

function isMarker(line: string): boolean {
  return REGION_START.test(line) || REGION_END.test(line);
}

/** The indentation every non-blank line shares, in characters. */
function commonIndent(lines: string[]): number {
  const indents = lines
    .filter((line) => line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  return indents.length === 0 ? 0 : Math.min(...indents);
}

/** Removes the indentation every non-blank line shares. */
export function dedent(lines: string[]): string[] {
  const common = commonIndent(lines);
  return lines.map((line) => line.slice(common));
}

/** Names of the regions in a module, in the order they open. */
export function listRegions(source: string, label = "source"): string[] {
  return findRegions(source.split(/\r?\n/), label).map((span) => span.name);
}

export interface RegionCut {
  /** Indexes (0-based) of the module's lines the region shows, in order:
   * marker lines and blank lines at either end left out. */
  lines: number[];
  /** How many leading characters (the shared indentation) each shown line
   * loses. */
  indent: number;
}

/**
 * Which lines of the module a region shows, and how far they are dedented
 * (the whole module when `region` is undefined). Highlighting uses this to
 * colour the whole module and then cut the region out, so a region that
 * starts inside a class is coloured as the code it is.
 */
export function regionCut(
  source: string,
  region: string | undefined,
  label = "source",
): RegionCut {
  const lines = source.split(/\r?\n/);
  const spans = findRegions(lines, label);
  let first = 0;
  let last = lines.length;
  if (region !== undefined) {
    const span = spans.find((candidate) => candidate.name === region);
    if (!span) {
      const names = spans.map((candidate) => candidate.name).join(", ");
      throw new RegionError(
        `region "${region}" not found in ${label} (regions: ${names || "none"})`,
      );
    }
    first = span.start + 1;
    last = span.end;
  }
  const shown: number[] = [];
  for (let index = first; index < last; index++) {
    if (!isMarker(lines[index] ?? "")) shown.push(index);
  }
  const isBlank = (index: number | undefined) =>
    index !== undefined && (lines[index] ?? "").trim() === "";
  while (isBlank(shown[0])) shown.shift();
  while (isBlank(shown.at(-1))) shown.pop();
  return {
    lines: shown,
    indent: commonIndent(shown.map((index) => lines[index] ?? "")),
  };
}

/**
 * The code of one region (or the whole module when `region` is undefined),
 * with every marker line removed and common indentation stripped.
 * `label` names the file in error messages.
 */
export function extractRegion(
  source: string,
  region: string | undefined,
  label = "source",
): string {
  const lines = source.split(/\r?\n/);
  const { lines: shown, indent } = regionCut(source, region, label);
  return shown.map((index) => (lines[index] ?? "").slice(indent)).join("\n");
}
