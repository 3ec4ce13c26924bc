// A small Deferred in the style of Twisted's: a result promised for later.
// Callbacks and errbacks are added to one chain; each step gets what the
// step before returned (or threw), and a step added after the result came
// runs at once. Unlike a promise, nothing here waits for a later turn of
// the event loop: `callback` runs the chain right there.

type Step = {
  ok?: ((value: unknown) => unknown) | undefined;
  err?: ((error: unknown) => unknown) | undefined;
};

type State =
  | { kind: "waiting" }
  | { kind: "ok"; value: unknown }
  | { kind: "failed"; error: unknown };

// #region deferred
export class Deferred<T> {
  #state: State = { kind: "waiting" };
  #chain: Step[] = [];
  #lateCalls = 0;

  /** The result is here: run the chain with it. */
  callback(value: T): void {
    this.#fire({ kind: "ok", value });
  }

  /** The operation failed: run the chain's errbacks with `error`. */
  errback(error: unknown): void {
    this.#fire({ kind: "failed", error });
  }

  /** Run `ok` on a result; what it returns (or throws) goes on. */
  addCallback<U>(ok: (value: T) => U): Deferred<U> {
    return this.#add({ ok: ok as (value: unknown) => unknown });
  }

  /** Run `err` on a failure; what it returns is a result again. */
  addErrback<U>(err: (error: unknown) => U): Deferred<T | U> {
    return this.#add({ err });
  }
  // #endregion

  /** Whether `callback` or `errback` has been called. */
  get called(): boolean {
    return this.#state.kind !== "waiting" || this.#lateCalls > 0;
  }

  /**
   * Calls of `callback` or `errback` after the first. Twisted raises
   * `AlreadyCalledError` for them; this one counts them instead, so that a
   * check can say so without an exception thrown inside a socket's event.
   */
  get lateCalls(): number {
    return this.#lateCalls;
  }

  #add<U>(step: Step): Deferred<U> {
    this.#chain.push(step);
    this.#run();
    return this as unknown as Deferred<U>;
  }

  #fire(state: State): void {
    if (this.#state.kind !== "waiting" || this.#lateCalls > 0) {
      this.#lateCalls += 1;
      return;
    }
    this.#state = state;
    this.#run();
  }

  #run(): void {
    let step: Step | undefined;
    while (this.#state.kind !== "waiting" && (step = this.#chain.shift())) {
      const state: State = this.#state;
      const handler = state.kind === "ok" ? step.ok : step.err;
      if (handler === undefined) continue;
      try {
        const input = state.kind === "ok" ? state.value : state.error;
        this.#state = { kind: "ok", value: handler(input) };
      } catch (error) {
        this.#state = { kind: "failed", error };
      }
    }
  }
}
