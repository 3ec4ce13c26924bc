import { describe, expect, it } from "vitest";
import { BadRequest, intParam } from "../../src/server/params.ts";

const DELAY = { min: 0, max: 60_000, unit: "ms" };

describe("intParam", () => {
  it("accepts an integer within the bounds, the bounds included", () => {
    expect(intParam("delay", "0", DELAY)).toBe(0);
    expect(intParam("delay", "60000", DELAY)).toBe(60_000);
  });

  it("uses the fallback only when the parameter is absent", () => {
    expect(intParam("delay", null, DELAY, 250)).toBe(250);
    expect(() => intParam("delay", "", DELAY, 250)).toThrow(BadRequest);
  });

  it.each([
    "abc",
    "-1",
    "1.5",
    "1e3",
    "+5",
    " 7",
    "0x10",
    "60001",
    "99999999999999999999",
  ])(
    "rejects '%s' with a reason naming the parameter, its bounds and the value",
    (raw) => {
      expect(() => intParam("delay", raw, DELAY)).toThrow(
        `delay must be an integer from 0 to 60000 ms, got '${raw}'`,
      );
    },
  );

  it("says 'nothing' when a required parameter is missing", () => {
    expect(() => intParam("n", undefined, { min: 1, max: 5 })).toThrow(
      "n must be an integer from 1 to 5, got nothing",
    );
  });
});
