// `npm run verify -- <lesson> --reset` puts the learner's task.ts back to the
// stub as committed, keeping their version in a backup first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";

export type ResetOutcome =
  | {
      kind: "restored";
      /** Where the learner's version went. */ backup?: string;
    }
  | { kind: "unchanged" }
  | {
      kind: "unavailable";
      /** Why the stub could not be read. */ reason: string;
    };

/**
 * `file` as the checkout's last commit has it (with the checkout's line
 * endings, as `git checkout` would write it), or why that cannot be read.
 */
export function committedVersion(
  file: string,
): { text: string } | { problem: string } {
  const path = `HEAD:./${basename(file)}`;
  const shown = spawnSync("git", ["cat-file", "--filters", path], {
    cwd: dirname(file),
    encoding: "utf8",
  });
  if (shown.error) {
    const missing = (shown.error as NodeJS.ErrnoException).code === "ENOENT";
    return {
      problem: missing ? "git is not installed" : shown.error.message,
    };
  }
  if (shown.status !== 0) {
    const first = shown.stderr.trim().split("\n")[0] ?? "";
    return {
      problem: `git could not read it (${first.replace(/^fatal: /, "")})`,
    };
  }
  return { text: shown.stdout };
}

/** A file name in `dir` for a copy of `file` made at `now`, not yet taken. */
function backupName(dir: string, file: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, "-");
  const extension = extname(file);
  const stem = basename(file, extension);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : `-${n}`;
    const candidate = join(dir, `${stem}-${stamp}${suffix}${extension}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Puts `file` back to its committed version. A version that differs is
 * copied into `backupDir` first; if the committed one cannot be read, the
 * file is left as it is and the outcome says why.
 */
export function restoreCommitted(
  file: string,
  backupDir: string,
  now = new Date(),
): ResetOutcome {
  const committed = committedVersion(file);
  if ("problem" in committed) {
    return { kind: "unavailable", reason: committed.problem };
  }
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === committed.text) return { kind: "unchanged" };
  let backup: string | undefined;
  if (current !== undefined) {
    mkdirSync(backupDir, { recursive: true });
    backup = backupName(backupDir, file, now);
    writeFileSync(backup, current);
  }
  writeFileSync(file, committed.text);
  return backup === undefined
    ? { kind: "restored" }
    : { kind: "restored", backup };
}
