import { describe, expect, it } from "vitest";
import { currentSection } from "../../src/lib/toc.ts";

describe("currentSection", () => {
  it("is the last heading that has passed the reading line", () => {
    expect(
      currentSection({
        headingTops: [-900, -200, 80, 700],
        readingLine: 100,
        atEnd: false,
      }),
    ).toBe(2);
  });

  it("is none above the first heading", () => {
    expect(
      currentSection({
        headingTops: [300, 900],
        readingLine: 100,
        atEnd: false,
      }),
    ).toBe(-1);
  });

  it("is the last section at the end of the page, however short it is", () => {
    expect(
      currentSection({
        headingTops: [-400, 200, 500],
        readingLine: 100,
        atEnd: true,
      }),
    ).toBe(2);
  });

  it("is none on a page without headings", () => {
    expect(
      currentSection({ headingTops: [], readingLine: 100, atEnd: true }),
    ).toBe(-1);
  });
});
