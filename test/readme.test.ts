import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { discoverLessons } from "../src/lib/lessons.ts";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("the README", () => {
  it("lists every lesson with the command that runs it", () => {
    for (const lesson of discoverLessons()) {
      expect(readme, `README lacks lesson ${lesson.number}`).toContain(
        `\`npm run lesson -- ${lesson.number}\``,
      );
    }
  });

  it("names the two set-up commands", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toMatch(/^npm test$/m);
  });
});
