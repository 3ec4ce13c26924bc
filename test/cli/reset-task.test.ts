import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { restoreCommitted } from "../../src/cli/reset-task.ts";

const STUB = "// TODO: fetch them all\nexport function f() {}\n";
const root = mkdtempSync(join(tmpdir(), "reset-task-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
}

let repo: string;
let task: string;
let backups: string;
beforeEach(() => {
  repo = mkdtempSync(join(root, "repo-"));
  const exercise = join(repo, "lessons", "01-x", "exercise");
  mkdirSync(exercise, { recursive: true });
  task = join(exercise, "task.ts");
  backups = join(repo, ".workshop", "backups", "01-x");
  writeFileSync(task, STUB);
  git(repo, "init", "-q");
  git(repo, "add", ".");
  git(
    repo,
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.com",
    "commit",
    "-q",
    "-m",
    "stub",
  );
});

describe("restoreCommitted", () => {
  test("puts the committed stub back and keeps the learner's version", () => {
    writeFileSync(task, "export function f() { return 1; }\n");
    const now = new Date("2025-11-21T09:15:04.123Z");
    const outcome = restoreCommitted(task, backups, now);
    expect(outcome).toEqual({
      kind: "restored",
      backup: join(backups, "task-2025-11-21T09-15-04.ts"),
    });
    expect(readFileSync(task, "utf8")).toBe(STUB);
    expect(
      readFileSync(join(backups, "task-2025-11-21T09-15-04.ts"), "utf8"),
    ).toBe("export function f() { return 1; }\n");
  });

  test("never overwrites an earlier backup made in the same second", () => {
    const now = new Date("2025-11-21T09:15:04Z");
    writeFileSync(task, "first\n");
    restoreCommitted(task, backups, now);
    writeFileSync(task, "second\n");
    restoreCommitted(task, backups, now);
    expect(readdirSync(backups).sort()).toEqual([
      "task-2025-11-21T09-15-04-2.ts",
      "task-2025-11-21T09-15-04.ts",
    ]);
  });

  test("brings back a deleted task.ts, with nothing to back up", () => {
    rmSync(task);
    expect(restoreCommitted(task, backups)).toEqual({ kind: "restored" });
    expect(readFileSync(task, "utf8")).toBe(STUB);
  });

  test("leaves an untouched stub alone", () => {
    expect(restoreCommitted(task, backups)).toEqual({ kind: "unchanged" });
    expect(() => readdirSync(backups)).toThrow();
  });

  test("leaves the file as it is when git has no committed version", () => {
    const loose = join(mkdtempSync(join(root, "loose-")), "task.ts");
    writeFileSync(loose, "mine\n");
    const outcome = restoreCommitted(loose, backups);
    expect(outcome.kind).toBe("unavailable");
    expect(outcome.kind === "unavailable" && outcome.reason).toMatch(
      /^git could not read it \(/,
    );
    expect(readFileSync(loose, "utf8")).toBe("mine\n");
  });
});
