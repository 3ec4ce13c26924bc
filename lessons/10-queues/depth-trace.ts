// Quantities that change in steps (items in a queue, items in hand), kept
// as the points of a line chart so that it draws them as steps.
import type { Series } from "../../src/lib/lesson-types.ts";

/**
 * Samples `[t, value]` in time order, as the points of a step line: each
 * value holds until the next sample, where the line goes straight up or
 * down. A sample less than `resolutionMs` after the last one kept only
 * changes its value (a worker that puts one item down and picks the next
 * up in the same instant stays busy), and samples that change nothing are
 * left out.
 */
export function stepPoints(
  samples: readonly (readonly [number, number])[],
  resolutionMs = 0,
): [number, number][] {
  const kept: [number, number][] = [];
  for (const [t, value] of samples) {
    const last = kept.at(-1);
    if (last !== undefined && t - last[0] < resolutionMs) last[1] = value;
    else kept.push([t, value]);
  }
  const points: [number, number][] = [];
  for (const [t, value] of kept) {
    const last = points.at(-1);
    if (last !== undefined && last[1] === value) continue;
    if (last !== undefined) points.push([t, last[1]]);
    points.push([t, value]);
  }
  return points;
}

/** Records a stepping quantity against a clock started at construction. */
export class StepTrace {
  readonly #name: string;
  readonly #now: () => number;
  readonly #start: number;
  readonly #samples: [number, number][] = [];

  constructor(name: string, now: () => number = () => performance.now()) {
    this.#name = name;
    this.#now = now;
    this.#start = now();
  }

  /** The quantity is `value` from now on. */
  set(value: number): void {
    this.#samples.push([this.#now() - this.#start, value]);
  }

  /** Everything recorded, ending at `endMs` (default: now), to a tenth of
   * a millisecond; changes closer together than that are merged. */
  series(unit: string, endMs = this.#now() - this.#start): Series {
    const points = stepPoints(this.#samples, 0.1);
    const last = points.at(-1);
    if (last !== undefined && last[0] < endMs) points.push([endMs, last[1]]);
    const round = (n: number): number => Math.round(n * 10) / 10;
    return {
      name: this.#name,
      unit,
      points: points.map(([t, v]) => [round(t), v]),
    };
  }
}
