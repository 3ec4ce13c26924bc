import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { check } from "./exercise/check.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import * as closeHangs from "./exercise/wrong/close-hangs.ts";
import * as dropOldest from "./exercise/wrong/drop-oldest.ts";
import * as lifoAfterClose from "./exercise/wrong/lifo-after-close.ts";
import * as polling from "./exercise/wrong/polling.ts";
import * as putterPushesLate from "./exercise/wrong/putter-pushes-late.ts";
import * as putterRejoins from "./exercise/wrong/putter-rejoins-line.ts";
import * as reexport from "./exercise/wrong/reexport.ts";
import * as sizeCountsPutters from "./exercise/wrong/size-counts-putters.ts";
import * as unbounded from "./exercise/wrong/unbounded.ts";
import * as wakeNextTurn from "./exercise/wrong/wake-next-turn.ts";
import { QueueClosedError } from "./queue.ts";

const ctx = useServer();

// test/exercises.test.ts proves the check passes the solution, fails the
// stub and rejects each wrong solution for its reason; these tests pin
// down which hint each mistake gets, and what a pass says.
describe("the exercise check explains itself", () => {
  it("fails the stub, whose get() does not wait, with the first hint", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^get\(\) on an empty queue resolved at once, with undefined/,
    );
    expect(verdict.hint).toBe(1);
  });

  // hints.md: 1 get waits, 2 put hands over at once, 3 a full queue, 4 the
  // freed place belongs to the waiting putter, 5 close.
  it.for([
    { mistake: "polling", impl: polling, hint: 2 },
    { mistake: "a wake on the next turn", impl: wakeNextTurn, hint: 2 },
    { mistake: "no bound", impl: unbounded, hint: 3 },
    { mistake: "dropping the oldest", impl: dropOldest, hint: 3 },
    { mistake: "a woken putter pushing late", impl: putterPushesLate, hint: 4 },
    {
      mistake: "a woken putter joining the line again",
      impl: putterRejoins,
      hint: 4,
    },
    {
      mistake: "a size that counts waiting putters",
      impl: sizeCountsPutters,
      hint: 4,
    },
    {
      mistake: "a close that leaves getters hanging",
      impl: closeHangs,
      hint: 5,
    },
    {
      mistake: "a closed queue served newest first",
      impl: lifoAfterClose,
      hint: 5,
    },
    { mistake: "the lesson's own AsyncQueue", impl: reexport, hint: 1 },
  ])("answers $mistake with hint $hint", async ({ impl, hint }) => {
    const verdict = await check(impl, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(false);
    expect(verdict.hint, verdict.observed).toBe(hint);
  });

  it("passes the solution after a real drain and a real cancel, timed", async () => {
    const verdict = await check(solution, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
    const ms = Number(/stopped it after (\d+) ms/.exec(verdict.observed)?.[1]);
    expect(ms, verdict.observed).toBeLessThan(2000);
    // The timeline is the drain's: twelve items, each once.
    expect(verdict.requests).toHaveLength(12);
  });
});

// Another correct queue, unlike the solution in form: methods that return
// promises instead of `async` ones, and a `Set` per line of waiters (a set
// keeps the order things were added in).
type Waiter<V> = { resolve: (value: V) => void; reject: (e: unknown) => void };

class SetLinesQueue<T> {
  readonly capacity: number;
  readonly #items: T[] = [];
  readonly #getters = new Set<Waiter<T>>();
  readonly #putters = new Set<Waiter<void> & { item: T }>();
  #closed = false;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Take the oldest member of `line` out of it. */
  #first<W>(line: Set<W>): W | undefined {
    for (const waiter of line) {
      line.delete(waiter);
      return waiter;
    }
    return undefined;
  }

  put(item: T): Promise<void> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    const getter = this.#first(this.#getters);
    if (getter !== undefined) {
      getter.resolve(item);
      return Promise.resolve();
    }
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) =>
      this.#putters.add({ resolve, reject, item }),
    );
  }

  get(): Promise<T> {
    if (this.#items.length > 0) {
      const item = this.#items.shift() as T;
      const putter = this.#first(this.#putters);
      if (putter !== undefined) {
        this.#items.push(putter.item);
        putter.resolve();
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.reject(new QueueClosedError());
    return new Promise((resolve, reject) =>
      this.#getters.add({ resolve, reject }),
    );
  }

  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#getters, ...this.#putters]) {
      waiter.reject(new QueueClosedError());
    }
    this.#getters.clear();
    this.#putters.clear();
  }
}

describe("the exercise check passes a correct queue of another form", () => {
  it("passes one with promise-returning methods and a Set per line", async () => {
    const verdict = await check({ BoundedQueue: SetLinesQueue }, ctx.client);
    expect(verdict.passed, verdict.observed).toBe(true);
  });
});
