// What a facilitator may change about the schedule on the facilitator page,
// kept in the browser between visits: when the day starts and how long each
// break is. Stored text that is not valid falls back to the defaults.
import { parseClock } from "./course.ts";

export interface ScheduleSettings {
  /** "HH:MM" */
  start: string;
  breakMinutes: number;
}

export const SCHEDULE_SETTINGS_KEY = "async-io-workshop:schedule";
export const MAX_BREAK_MINUTES = 60;

function isClock(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    parseClock(value);
    return true;
  } catch {
    return false;
  }
}

export function isBreakLength(value: unknown): value is number {
  return (
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_BREAK_MINUTES
  );
}

/** The settings stored as JSON text, each field checked; defaults otherwise. */
export function readScheduleSettings(
  stored: string | null,
  defaults: ScheduleSettings,
): ScheduleSettings {
  let parsed: unknown;
  try {
    parsed = stored === null ? null : JSON.parse(stored);
  } catch {
    return defaults;
  }
  const fields = (parsed ?? {}) as Partial<
    Record<keyof ScheduleSettings, unknown>
  >;
  return {
    start: isClock(fields.start) ? fields.start : defaults.start,
    breakMinutes: isBreakLength(fields.breakMinutes)
      ? fields.breakMinutes
      : defaults.breakMinutes,
  };
}
