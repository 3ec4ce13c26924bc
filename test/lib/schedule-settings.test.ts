import { describe, expect, it } from "vitest";
import { runningClock } from "../../src/lib/course.ts";
import { readScheduleSettings } from "../../src/lib/schedule-settings.ts";

const defaults = { start: "09:30", breakMinutes: 15 };

describe("runningClock", () => {
  it("runs back-to-back sessions from the start, past midnight if need be", () => {
    expect(runningClock("23:30", [20, 15, 30])).toEqual([
      { starts: "23:30", ends: "23:50" },
      { starts: "23:50", ends: "00:05" },
      { starts: "00:05", ends: "00:35" },
    ]);
  });
});

describe("readScheduleSettings", () => {
  it("reads what was stored", () => {
    const stored = JSON.stringify({ start: "13:00", breakMinutes: 10 });
    expect(readScheduleSettings(stored, defaults)).toEqual({
      start: "13:00",
      breakMinutes: 10,
    });
  });

  it("falls back to the defaults for nothing, bad JSON or bad fields", () => {
    expect(readScheduleSettings(null, defaults)).toEqual(defaults);
    expect(readScheduleSettings("{not json", defaults)).toEqual(defaults);
    expect(readScheduleSettings("null", defaults)).toEqual(defaults);
    const bad = JSON.stringify({ start: "25:99", breakMinutes: -5 });
    expect(readScheduleSettings(bad, defaults)).toEqual(defaults);
    const half = JSON.stringify({ start: "08:00", breakMinutes: 7.5 });
    expect(readScheduleSettings(half, defaults)).toEqual({
      start: "08:00",
      breakMinutes: 15,
    });
  });
});
