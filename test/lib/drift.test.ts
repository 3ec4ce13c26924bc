import { describe, expect, it } from "vitest";
import { comparableOutput, comparablePaths } from "../../src/lib/drift.ts";

const steady = {};
const varies = { variesByMachine: "Node's own descriptors differ" };

describe("comparableOutput", () => {
  it("masks durations but keeps counts for a steady run", () => {
    expect(
      comparableOutput(["3 requests in 1.02 s", "peak 3"], steady),
    ).toEqual(["3 requests in <duration>", "peak 3"]);
  });

  it("masks every number of a run that varies by machine", () => {
    const recorded = comparableOutput(
      ["succeeded: 234", "took 1.02 s"],
      varies,
    );
    const rerun = comparableOutput(["succeeded: 235", "took 998 ms"], varies);
    expect(rerun).toEqual(recorded);
    expect(rerun).toEqual(["succeeded: <n>", "took <duration>"]);
    expect(
      comparableOutput(["1,234 open, -2.5 KB", "CPU  999 open"], varies),
    ).toEqual(["<n> open, <n> KB", "CPU <n> open"]);
  });

  it("still tells apart lines whose words differ", () => {
    expect(comparableOutput(["failed: 3 (EMFILE)"], varies)).not.toEqual(
      comparableOutput(["failed: 3 (ECONNRESET)"], varies),
    );
  });
});

describe("comparablePaths", () => {
  const requests = ["/delay/2", "/delay/1", "/delay/2"].map((path) => ({
    path,
  }));

  it("keeps every request of a steady run, in sorted order", () => {
    expect(comparablePaths(requests, steady)).toEqual([
      "/delay/1",
      "/delay/2",
      "/delay/2",
    ]);
  });

  it("compares which paths a varying run asked for, not how often", () => {
    expect(comparablePaths(requests, varies)).toEqual(["/delay/1", "/delay/2"]);
  });
});
