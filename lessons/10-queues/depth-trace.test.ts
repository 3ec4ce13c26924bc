import { describe, expect, it } from "vitest";
import { StepTrace, stepPoints } from "./depth-trace.ts";

describe("stepPoints", () => {
  it("holds each value until the next sample, then steps straight to it", () => {
    expect(
      stepPoints([
        [0, 0],
        [10, 2],
        [25, 1],
      ]),
    ).toEqual([
      [0, 0],
      [10, 0],
      [10, 2],
      [25, 2],
      [25, 1],
    ]);
  });

  it("leaves out samples that change nothing", () => {
    expect(
      stepPoints([
        [0, 4],
        [5, 4],
        [9, 3],
        [12, 3],
      ]),
    ).toEqual([
      [0, 4],
      [9, 4],
      [9, 3],
    ]);
    expect(stepPoints([])).toEqual([]);
  });

  it("merges a change undone within the resolution into one step", () => {
    const samples: [number, number][] = [
      [0, 3],
      [10, 2],
      [10.02, 3],
      [20, 2],
    ];
    expect(stepPoints(samples, 0.1)).toEqual([
      [0, 3],
      [20, 3],
      [20, 2],
    ]);
    expect(stepPoints(samples)).toHaveLength(7);
  });
});

describe("StepTrace", () => {
  it("times samples from its start and carries the last value to the end", () => {
    let clock = 100;
    const trace = new StepTrace("depth", () => clock);
    trace.set(0);
    clock = 112.34;
    trace.set(3);
    expect(trace.series("items", 40)).toEqual({
      name: "depth",
      unit: "items",
      points: [
        [0, 0],
        [12.3, 0],
        [12.3, 3],
        [40, 3],
      ],
    });
  });
});
