import { describe, expect, it } from "vitest";
import {
  extractRegion,
  listRegions,
  RegionError,
} from "../../src/lib/regions.ts";

const module = [
  'import { a } from "./a.ts";',
  "",
  "// #region outer",
  "export async function outer() {",
  "  // #region inner",
  "  const one = await a();",
  "  const two = await a();",
  "  // #endregion",
  "  return one + two;",
  "}",
  "// #endregion",
  "",
  "export function helper() {",
  "  // #region indented",
  "  if (true) {",
  "    return 1;",
  "  }",
  "  // #endregion inside helper",
  "}",
].join("\n");

describe("extractRegion", () => {
  it("returns the lines between the markers of a named region", () => {
    expect(extractRegion(module, "outer")).toBe(
      [
        "export async function outer() {",
        "  const one = await a();",
        "  const two = await a();",
        "  return one + two;",
        "}",
      ].join("\n"),
    );
  });

  it("removes the indentation shared by a nested region's lines", () => {
    expect(extractRegion(module, "inner")).toBe(
      "const one = await a();\nconst two = await a();",
    );
    expect(extractRegion(module, "indented")).toBe(
      "if (true) {\n  return 1;\n}",
    );
  });

  it("returns the whole module without any marker line when no region is named", () => {
    const whole = extractRegion(module, undefined);
    expect(whole).not.toMatch(/#(end)?region/);
    expect(whole.split("\n")).toHaveLength(module.split("\n").length - 6);
    expect(whole.startsWith('import { a } from "./a.ts";')).toBe(true);
  });

  it("accepts Windows line endings", () => {
    const crlf = "// #region x\r\nconst x = 1;\r\n// #endregion\r\n";
    expect(extractRegion(crlf, "x")).toBe("const x = 1;");
  });

  it("names the missing region, the file and the regions that exist", () => {
    expect(() => extractRegion(module, "sequential", "lessons/x/a.ts")).toThrow(
      'region "sequential" not found in lessons/x/a.ts (regions: outer, inner, indented)',
    );
  });

  it("says when a region is opened but never closed, with its line", () => {
    const source = "const a = 1;\n// #region open\nconst b = 2;\n";
    expect(() => extractRegion(source, undefined, "f.ts")).toThrow(
      'f.ts:2: region "open" is never closed with // #endregion',
    );
  });

  it("says when an #endregion has no #region", () => {
    expect(() =>
      extractRegion("x;\n// #endregion\n", undefined, "f.ts"),
    ).toThrow("f.ts:2: #endregion without a matching #region");
  });

  it("refuses a region name used twice", () => {
    const source = "// #region a\n// #endregion\n// #region a\n// #endregion";
    expect(() => extractRegion(source, "a", "f.ts")).toThrow(
      'f.ts:3: region "a" is defined twice',
    );
  });

  it("refuses a #region marker without a name", () => {
    expect(() => extractRegion("// #region\n// #endregion", undefined)).toThrow(
      RegionError,
    );
  });
});

describe("listRegions", () => {
  it("lists region names in the order they open", () => {
    expect(listRegions(module)).toEqual(["outer", "inner", "indented"]);
  });
});
