// What the drift check compares between a recording and a fresh run of the
// same lesson run. Durations always differ, so they are masked. A run that
// declares `variesByMachine` prints counts that depend on the machine (how
// many descriptors Node inherits, say): its numbers are masked too, and its
// requests are compared by which paths were asked for, not how often.
import { maskDurations } from "./format.ts";
import type { RequestRecord } from "../server/types.ts";

// A whole number as printed: its sign, thousands separators and decimals
// too, so that "-1.5" and "1,234" mask the same as "7".
const NUMBER = /-?\d+(?:,\d{3})*(?:\.\d+)?/g;

interface Varies {
  variesByMachine?: string | undefined;
}

/** The output lines as the drift check compares them. */
export function comparableOutput(lines: string[], run: Varies): string[] {
  const masked = lines.map(maskDurations);
  return run.variesByMachine === undefined
    ? masked
    : // Numbers padded to a column change the padding with their width.
      masked.map((line) => line.replace(NUMBER, "<n>").replace(/ {2,}/g, " "));
}

/** The requested paths as the drift check compares them, sorted: concurrent
 * requests may arrive in any order. */
export function comparablePaths(
  requests: Pick<RequestRecord, "path">[],
  run: Varies,
): string[] {
  const paths = requests.map((request) => request.path);
  const compared =
    run.variesByMachine === undefined ? paths : [...new Set(paths)];
  return compared.sort();
}
