// `/jitter?seed=S&min=A&max=B`: a delay drawn from a seeded PRNG. Each seed
// has its own sequence, restarted by a stats reset: the k-th request with
// seed S since the reset always waits the same time (for the same min and
// max), so a run with jitter can be recorded and replayed.
import { BadRequest, intParam } from "../params.ts";
import { mulberry32 } from "../prng.ts";
import type { Handler } from "../context.ts";
import { answerAfter, DELAY_BOUNDS } from "./timed.ts";

// A bound on remembered seeds, so a client looping over seeds cannot grow
// the map forever; the oldest sequence is forgotten first.
const MAX_SEEDS = 1000;

export class JitterSequences {
  #sequences = new Map<number, () => number>();

  /** The next number in [0, 1) of this seed's sequence. */
  next(seed: number): number {
    let sequence = this.#sequences.get(seed);
    if (sequence === undefined) {
      if (this.#sequences.size >= MAX_SEEDS) {
        const oldest = this.#sequences.keys().next().value;
        if (oldest !== undefined) this.#sequences.delete(oldest);
      }
      sequence = mulberry32(seed);
      this.#sequences.set(seed, sequence);
    }
    return sequence();
  }

  reset(): void {
    this.#sequences.clear();
  }
}

export const jitter: Handler = (ctx) => {
  const seed = intParam(
    "seed",
    ctx.query.get("seed"),
    { min: 0, max: 2 ** 32 - 1 },
    0,
  );
  const min = intParam("min", ctx.query.get("min"), DELAY_BOUNDS, 0);
  const max = intParam("max", ctx.query.get("max"), DELAY_BOUNDS, 1000);
  if (min > max) {
    throw new BadRequest(
      `min must not be more than max, got min=${min} max=${max}`,
    );
  }
  const ms = min + Math.floor(ctx.shared.jitter.next(seed) * (max - min + 1));
  answerAfter(ctx, ms, `jittered ${ms} ms (seed ${seed})\n`);
};
