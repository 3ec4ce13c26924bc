// Every numeric parameter the server accepts is bounded, and a bad one gets a
// 400 whose body says what was expected and what arrived.

/** Thrown by a handler to answer 400 with `message` as the plain-text body. */
export class BadRequest extends Error {
  override name = "BadRequest";
}

// Compiled once: only plain non-negative integers are accepted ("1e3", "+5",
// " 7" and "0x10" are all rejected with a reason).
const DIGITS = /^\d{1,15}$/;

export interface IntBounds {
  min: number;
  max: number;
  /** Unit appended to the bounds in the error message, e.g. "ms". */
  unit?: string;
}

/**
 * Parse `raw` as an integer within bounds, or throw `BadRequest`.
 * `undefined` and `null` (parameter absent) give `fallback` when there is one.
 */
export function intParam(
  name: string,
  raw: string | null | undefined,
  bounds: IntBounds,
  fallback?: number,
): number {
  if ((raw === null || raw === undefined) && fallback !== undefined) {
    return fallback;
  }
  const value =
    raw !== null && raw !== undefined && DIGITS.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(value) && value >= bounds.min && value <= bounds.max) {
    return value;
  }
  const unit = bounds.unit === undefined ? "" : ` ${bounds.unit}`;
  const got = raw === null || raw === undefined ? "nothing" : `'${raw}'`;
  throw new BadRequest(
    `${name} must be an integer from ${bounds.min} to ${bounds.max}${unit}, got ${got}`,
  );
}
