// Where the shared counter's workers keep things, as indexes into one
// `Int32Array` over a `SharedArrayBuffer`.

/** How a worker adds 1. */
export type CountMode = "plain" | "atomic" | "lock";

export const CELL = {
  /** The counter the workers add to. */
  counter: 0,
  /** How many workers are ready to start. */
  ready: 1,
  /** Set to 1 to start them all. */
  start: 2,
  /** The word of the `SharedLock`. */
  lock: 3,
} as const;

export const CELLS = 4;
