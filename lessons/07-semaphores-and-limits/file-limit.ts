// A process's open-file limit as the kernel holds it for that process, not
// as some shell reports its own. Node raises its soft limit to the hard one
// as it starts, so what a shell said before `node` ran is not what Node has.
import { readFileSync } from "node:fs";

export interface FileLimit {
  /** The limit that `open`, `socket` and `accept` hit (EMFILE). */
  soft: number;
  /** The ceiling the soft limit may be raised to without privileges. */
  hard: number;
}

/** A number from `/proc/self/limits` or `ulimit`, where "unlimited" is ∞. */
export function parseLimit(text: string): number {
  const trimmed = text.trim();
  if (trimmed === "unlimited") return Number.POSITIVE_INFINITY;
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`not an open-file limit: ${JSON.stringify(text)}`);
  }
  return value;
}

// #region read-limit
/**
 * This process's own open-file limit, read from `/proc/self/limits`: the
 * numbers the kernel checks, after Node has raised the soft one. Null where
 * there is no `/proc` (macOS).
 */
export function ownFileLimit(): FileLimit | null {
  let table: string;
  try {
    table = readFileSync("/proc/self/limits", "utf8");
  } catch {
    return null;
  }
  // The line reads: "Max open files   <soft>   <hard>   files".
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(table);
  if (line === null) return null;
  return { soft: parseLimit(line[1] ?? ""), hard: parseLimit(line[2] ?? "") };
}
// #endregion
