// Exercise: the core of a load generator. `closedLoop` keeps `concurrency`
// requests in flight until `total` have been sent; `openLoop` sends them at
// a constant rate instead, and counts each latency from when the request
// was due, so that a server that stalls cannot hide its stall.

/** What a load run measured. */
export interface Measured {
  /** `latenciesMs[i]`: how long request `i` took, in milliseconds. */
  latenciesMs: number[];
  /** How many `send` calls rejected. */
  errors: number;
}

/** Sends request `i`; rejects if it failed. */
export type Send = (i: number) => Promise<void>;

/**
 * `concurrency` workers share `total` requests: each sends its next one as
 * soon as its last one has settled.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  send: Send,
): Promise<Measured> {
  const latenciesMs = new Array<number>(total).fill(0);
  const errors = 0;
  // TODO: keep the index of the next request nobody has taken yet, and
  // write a worker that takes it (before it awaits anything), sends it,
  // and loops until no requests are left.
  // TODO: count a `send` that rejects in `errors` instead of throwing.
  // TODO: record how long request `i` took in `latenciesMs[i]`.
  // TODO: start `Math.min(concurrency, total)` workers, not one call per
  // request, and wait for all of them.
  // For now every request starts at once, whatever `concurrency` says.
  void concurrency;
  await Promise.all(Array.from({ length: total }, (_, i) => send(i)));
  return { latenciesMs, errors };
}

/**
 * Request `i` is due `i * 1000 / ratePerSecond` ms after the start. It is
 * sent when it is due and one of `concurrency` workers is free, and its
 * latency counts from when it was due.
 */
export async function openLoop(
  total: number,
  ratePerSecond: number,
  concurrency: number,
  send: Send,
): Promise<Measured> {
  // TODO: workers as in `closedLoop`, but each one first waits until its
  // request is due: `start + (i * 1000) / ratePerSecond`.
  // TODO: count each latency from when the request was due, not from when
  // a worker was free to send it.
  // For now it ignores the rate and runs the closed loop.
  void ratePerSecond;
  return closedLoop(total, concurrency, send);
}
