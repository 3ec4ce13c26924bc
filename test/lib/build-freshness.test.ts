import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { isBuildFresh, newestChange } from "../../src/lib/build-freshness.ts";

let root = "";
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "freshness-"));
  mkdirSync(join(root, "src", "deep"), { recursive: true });
  mkdirSync(join(root, "dist"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Write a file and set its modification time, in seconds since 1970. */
function fileAt(path: string, seconds: number): string {
  const full = join(root, path);
  writeFileSync(full, path);
  utimesSync(full, seconds, seconds);
  return full;
}

describe("newestChange", () => {
  test("looks into nested folders", () => {
    fileAt("src/a.ts", 1000);
    fileAt("src/deep/b.ts", 3000);
    utimesSync(join(root, "src", "deep"), 10, 10);
    utimesSync(join(root, "src"), 10, 10);
    expect(newestChange(join(root, "src"))).toBe(3_000_000);
  });

  test("counts a missing path as never changed", () => {
    expect(newestChange(join(root, "nope"))).toBe(0);
  });
});

describe("isBuildFresh", () => {
  test("is true only when the build is newer than every source", () => {
    const source = fileAt("src/deep/b.ts", 2000);
    utimesSync(join(root, "src", "deep"), 10, 10);
    utimesSync(join(root, "src"), 10, 10);
    const built = fileAt("dist/index.html", 3000);
    expect(isBuildFresh(built, [join(root, "src")])).toBe(true);
    utimesSync(source, 4000, 4000);
    expect(isBuildFresh(built, [join(root, "src")])).toBe(false);
  });

  test("is false when nothing was built yet", () => {
    expect(isBuildFresh(join(root, "dist", "index.html"), [])).toBe(false);
  });
});
