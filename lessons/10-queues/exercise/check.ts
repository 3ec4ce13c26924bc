// Tells a bounded queue that waits from one that drops, grows, polls, serves
// out of order or leaves waiters hanging. First it probes the queue itself,
// judging by which promise callbacks have run rather than by sleeping; then
// it runs the lesson's worker pool over it against the server, drained to
// the end and cancelled mid-way.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { getText } from "../../07-semaphores-and-limits/http-text.ts";
import { barrierPath, observe } from "../../../src/lib/observe.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import { runPipeline, type PoolReport, type Queue } from "../pool.ts";
import { AsyncQueue, QueueClosedError } from "../queue.ts";
import { microtasks, nextTurn, watch, type Watched } from "../settle.ts";
import { CountedSource } from "../source.ts";
import { doneAndInFlight, whenServer } from "../when-server.ts";

// What `solution.ts` exports, by shape: any class with the pool's `Queue`
// methods will do, so that a learner's private fields do not matter.
interface Impl {
  BoundedQueue: new <T>(capacity: number) => Queue<T>;
}

const EXPECTED =
  "put() waits on a full queue and get() on an empty one, each woken at " +
  "once and first come, first served; close() wakes every waiter; the pool " +
  "handles every item exactly once, and a cancel stops it at once";

// Hints in hints.md, by what they answer.
const HINT = {
  getWaits: 1,
  handOver: 2,
  fullAndOrder: 3,
  freedPlace: 4,
  close: 5,
};

interface Failure {
  observed: string;
  hint: number;
  expected?: string;
  details?: string[];
}

const show = (value: unknown): string =>
  value === undefined ? "undefined" : JSON.stringify(value);

/** Follow `promise` for at most `ms`: settled or not, say how it stands. */
async function within<T>(promise: Promise<T>, ms = 1000): Promise<Watched<T>> {
  const watched = watch(promise);
  const timer = new AbortController();
  await Promise.race([
    promise.then(
      () => {},
      () => {},
    ),
    sleep(ms, undefined, { signal: timer.signal }).catch(() => {}),
  ]);
  timer.abort();
  return watched;
}

/** The values of `count` gets, stopping at the first that does not come. */
async function takeUpTo(
  queue: { get(): Promise<string> },
  count: number,
  ms = 200,
): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const got = await within(queue.get(), ms);
    if (got.state() !== "resolved") break;
    out.push(String(got.value()));
  }
  return out;
}

/** "item 1 never came out", naming the items of `put` missing from `out`. */
function lost(put: string[], out: string[]): string {
  const missing = put.filter((item) => !out.includes(item));
  return missing.length === 1
    ? `item ${missing[0]} never came out`
    : `items ${missing.join(" and ")} never came out`;
}

/** Why `queue.size` is not `items` right now (`when`), or null. */
function sizeIs(
  queue: { size: number },
  items: number,
  when: string,
): Failure | null {
  if (queue.size === items) return null;
  return {
    hint: HINT.freedPlace,
    observed:
      `${when}, size was ${show(queue.size)}, not ${items}: size counts ` +
      `the items in the queue, and a put() still waiting for room is not ` +
      `in it yet`,
  };
}

async function getWaitsAndIsHandedOver(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(2);
  try {
    const got = watch(queue.get());
    await nextTurn();
    if (got.state() === "resolved") {
      return {
        hint: HINT.getWaits,
        observed:
          `get() on an empty queue resolved at once, with ` +
          `${show(got.value())}, instead of waiting for an item`,
      };
    }
    if (got.state() === "rejected") {
      return {
        hint: HINT.getWaits,
        observed: `get() on an empty, open queue rejected: ${String(got.reason())}`,
      };
    }
    const put = await within(queue.put("a"));
    if (put.state() !== "resolved") {
      return {
        hint: HINT.handOver,
        observed: `put() with a get() waiting did not resolve (${put.state()})`,
      };
    }
    await microtasks();
    if (got.state() === "pending") {
      // Woken on a later turn (a `setImmediate`) or by a poll: either way,
      // not by the `put()`.
      await nextTurn();
      return {
        hint: HINT.handOver,
        observed:
          got.state() === "pending"
            ? "a get() waiting on an empty queue was not woken by the put() " +
              "itself: a turn of the event loop after put() had returned it " +
              "was still waiting, so it must be polling the queue with a " +
              "timer instead of being handed the item"
            : "a get() waiting on an empty queue was not woken by the put() " +
              "itself: it was still waiting when put() had returned and the " +
              `promise callbacks had run, and got ${show(got.value())} only ` +
              "on a later turn of the event loop, as if put() left the wake " +
              "to a setImmediate or a polling timer. Resolve the first " +
              "getter inside put()",
      };
    }
    if (got.value() !== "a") {
      return {
        hint: HINT.handOver,
        observed: `the waiting get() got ${show(got.value())}, not the item "a" just put`,
      };
    }
    const again = watch(queue.get());
    await nextTurn();
    if (again.state() === "resolved") {
      return {
        hint: HINT.handOver,
        observed:
          `the item put while a get() was waiting came out twice: that ` +
          `get() had it, and the next get() returned ${show(again.value())} ` +
          `too. Hand it over, and keep no copy in the queue`,
      };
    }
    return null;
  } finally {
    queue.close();
  }
}

async function itemsInOrder(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(5);
  try {
    for (const item of ["a", "b", "c"]) await within(queue.put(item));
    const out = await takeUpTo(queue, 3);
    if (out.join() === "a,b,c") return null;
    return {
      hint: HINT.fullAndOrder,
      observed: `items put as a, b, c came out as ${out.join(", ") || "nothing"}: not first in, first out`,
    };
  } finally {
    queue.close();
  }
}

async function gettersInOrder(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(1);
  try {
    const getters = [1, 2, 3].map(() => watch(queue.get()));
    for (const item of ["x", "y", "z"]) await within(queue.put(item));
    await microtasks();
    const got = getters.map((g) => show(g.value()));
    if (got.join() === '"x","y","z"') return null;
    return {
      hint: HINT.fullAndOrder,
      observed:
        `three get() calls waited, then x, y and z were put: the first to ` +
        `wait got ${got[0]}, the second ${got[1]}, the third ${got[2]}. ` +
        `Waiters were served out of order; the first to wait must be served first`,
    };
  } finally {
    queue.close();
  }
}

async function noBarging(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(2);
  try {
    const waiting = watch(queue.get());
    await nextTurn();
    // A newcomer asks in the same instant as the put: the item is already
    // promised to the get() that waited.
    queue.put("a").catch(() => {});
    const newcomer = watch(queue.get());
    await microtasks();
    if (newcomer.state() !== "resolved") return null;
    return {
      hint: HINT.handOver,
      observed:
        `a get() called just after put("a") took ${show(newcomer.value())}, ` +
        `though another get() had been waiting for it (that one ` +
        (waiting.state() === "resolved"
          ? `got ${show(waiting.value())}`
          : "was still waiting") +
        `): the newcomer jumped the line`,
    };
  } finally {
    queue.close();
  }
}

async function putWaitsOnFull(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(2);
  try {
    await within(queue.put("1"));
    await within(queue.put("2"));
    const third = watch(queue.put("3"));
    await nextTurn();
    if (third.state() === "resolved") {
      const out = await takeUpTo(queue, 3);
      return {
        hint: HINT.fullAndOrder,
        observed:
          out.length === 3
            ? "put() on a full queue of 2 resolved at once, and the queue " +
              "then gave out 3 items: it grew past the bound instead of " +
              "making put() wait"
            : `put() on a full queue of 2 resolved at once, and ` +
              `${lost(["1", "2", "3"], out)} (got ` +
              `${out.join(", ") || "nothing"}): it was dropped instead of ` +
              "waiting for room",
      };
    }
    if (third.state() === "rejected") {
      return {
        hint: HINT.fullAndOrder,
        observed:
          `put() on a full, open queue rejected (${String(third.reason())}): ` +
          `the item was dropped instead of waiting for room`,
      };
    }
    const waitingSize = sizeIs(
      queue,
      2,
      "with 2 items in a queue of 2 and a put() waiting for room",
    );
    if (waitingSize !== null) return waitingSize;
    const first = await within(queue.get());
    await microtasks();
    if (third.state() === "pending") {
      return {
        hint: HINT.freedPlace,
        observed:
          "a put() waiting on a full queue was still waiting after get() " +
          "had made room: get() must let the first waiting putter in at once",
      };
    }
    const movedIn = sizeIs(
      queue,
      2,
      "after get() had let the waiting put() in to a queue of 2",
    );
    if (movedIn !== null) return movedIn;
    const out = [String(first.value()), ...(await takeUpTo(queue, 2))];
    if (out.join() === "1,2,3") return null;
    return {
      hint: HINT.fullAndOrder,
      observed: `with a put() waiting, the items came out as ${out.join(", ")}, not 1, 2, 3`,
    };
  } finally {
    queue.close();
  }
}

async function puttersInOrder(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(1);
  try {
    await within(queue.put("held"));
    const putters = ["a", "b", "c"].map((item) => queue.put(item));
    await nextTurn();
    const out = await takeUpTo(queue, 4);
    await Promise.allSettled(putters);
    if (out.join() === "held,a,b,c") return null;
    return {
      hint: HINT.freedPlace,
      observed:
        `three put() calls waited on a full queue with a, b and c; the ` +
        `items then came out as ${out.join(", ")}. Waiting putters were ` +
        `served out of order; the first to wait must be served first`,
    };
  } finally {
    queue.close();
  }
}

async function freedPlaceGoesToPutter(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(1);
  try {
    await within(queue.put("held"));
    const waited = watch(queue.put("waited"));
    await nextTurn();
    // In the same instant, get() frees the one place, which belongs to the
    // put() that has waited for it, and a newcomer puts an item.
    const first = watch(queue.get());
    watch(queue.put("new"));
    await microtasks();
    const size = queue.size;
    const out = [
      ...(first.state() === "resolved" ? [String(first.value())] : []),
      ...(await takeUpTo(queue, 2)),
    ];
    const came = `the items came out as ${out.join(", ") || "nothing"}`;
    if (size > 1) {
      return {
        hint: HINT.freedPlace,
        observed:
          `a queue of 1 was full and a put() waited; get() freed the place ` +
          `and another put() came at once, and then the queue held ${size} ` +
          `items, past its capacity of 1 (${came}). The waiting put() was ` +
          `only woken, and pushed its item when it ran, after the newcomer ` +
          `had taken the place: get() must move that item in itself`,
      };
    }
    if (out.join() === "held,waited,new") return null;
    return {
      hint: HINT.freedPlace,
      observed:
        `a put() waited on a full queue of 1; get() freed the place and ` +
        `another put() came at once, and ${came}, not held, waited, new` +
        (waited.state() === "pending"
          ? " (the put() that waited was still waiting)"
          : "") +
        `: the waiting put() was overtaken by the newcomer. get() must move ` +
        `the first waiting putter's item in itself, before anyone else can ` +
        `put`,
    };
  } finally {
    queue.close();
  }
}

async function closedQueueKeepsOrder(impl: Impl): Promise<Failure | null> {
  const queue = new impl.BoundedQueue<string>(4);
  for (const item of ["1", "2", "3", "4"]) await within(queue.put(item));
  queue.close();
  const out = await takeUpTo(queue, 4);
  if (out.join() === "1,2,3,4") return null;
  return {
    hint: HINT.close,
    observed:
      `after close(), the items queued as 1, 2, 3, 4 came out as ` +
      `${out.join(", ") || "nothing"}: a closed queue still hands out what ` +
      `it holds first in, first out`,
  };
}

function closedWell(waiter: Watched<unknown>, what: string): string | null {
  if (waiter.state() === "pending") {
    return (
      `close() left ${what} hanging: it waits for something that can ` +
      `never come. close() must reject it with a QueueClosedError`
    );
  }
  if (waiter.state() === "resolved") {
    return `close() made ${what} resolve (with ${show(waiter.value())}) instead of rejecting with a QueueClosedError`;
  }
  if (!(waiter.reason() instanceof QueueClosedError)) {
    return `close() made ${what} reject with ${String(waiter.reason())}, not a QueueClosedError: the pool cannot tell the end of the items from a failure`;
  }
  return null;
}

async function closeWakesWaiters(impl: Impl): Promise<Failure | null> {
  const fail = (observed: string): Failure => ({ hint: HINT.close, observed });
  const empty = new impl.BoundedQueue<string>(2);
  const getters = [watch(empty.get()), watch(empty.get())];
  await nextTurn();
  empty.close();
  await microtasks();
  for (const getter of getters) {
    const problem = closedWell(getter, "a waiting get()");
    if (problem !== null) return fail(problem);
  }
  const full = new impl.BoundedQueue<string>(1);
  await within(full.put("last"));
  const putter = watch(full.put("late"));
  await nextTurn();
  full.close();
  await microtasks();
  const late = closedWell(putter, "a put() waiting for room");
  if (late !== null) return fail(late);
  const afterPut = watch(full.put("after"));
  await microtasks();
  const after = closedWell(afterPut, "a put() after close()");
  const queued = await within(full.get());
  if (queued.value() !== "last") {
    return fail(
      `after close(), the item still in the queue did not come out: get() ${queued.state()} with ${show(queued.value() ?? queued.reason())}`,
    );
  }
  const end = watch(full.get());
  await microtasks();
  const problem =
    after ?? closedWell(end, "a get() on the closed, empty queue");
  return problem === null ? null : fail(problem);
}

/** The item numbers the server saw more than once, and never. */
function countItems(requests: { path: string }[], count: number) {
  const seen = new Map<number, number>();
  for (const { path } of requests) {
    const item = Number(/item=(\d+)/.exec(path)?.[1]);
    if (item > 0) seen.set(item, (seen.get(item) ?? 0) + 1);
  }
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  return {
    twice: numbers.filter((n) => (seen.get(n) ?? 0) > 1),
    never: numbers.filter((n) => !seen.has(n)),
  };
}

const ITEMS = 12;
const WORKERS = 3;
const CAPACITY = 4;

function handler(server: ServerClient, agent: http.Agent) {
  // `node:http` through an agent of the check's own, destroyed at the end,
  // so that aborted requests leave no connection behind.
  return (path: string, signal: AbortSignal): Promise<string> =>
    getText(new URL(path, server.url), { agent, signal });
}

async function drainOverServer(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<(Failure & { requests: RequestRecord[] }) | number> {
  const barrier = barrierPath(WORKERS, 3000);
  const items = Array.from({ length: ITEMS }, (_, i) =>
    i < WORKERS
      ? `${barrier}&item=${i + 1}`
      : `/delay/${[40, 10, 30, 20][i % 4]}?item=${i + 1}`,
  );
  const run = await observe(server, 8000, () =>
    runPipeline(items, {
      queue: new impl.BoundedQueue<string>(CAPACITY),
      workers: WORKERS,
      handle: handler(server, agent),
    }),
  );
  const { requests } = run;
  const fail = (observed: string): Failure & { requests: typeof requests } => ({
    hint: HINT.fullAndOrder,
    observed,
    requests,
    ...(run.error === null ? {} : { details: [run.error] }),
  });
  const { twice, never } = countItems(requests, ITEMS);
  if (twice.length > 0) {
    return fail(
      `the pool over your queue handled item(s) ${twice.join(", ")} twice`,
    );
  }
  if (run.error !== null) {
    return fail(`the pool over your queue did not finish: ${run.error}`);
  }
  if (never.length > 0) {
    return fail(
      `the pool over your queue never handled item(s) ${never.join(", ")}: they were dropped`,
    );
  }
  if (run.peak !== WORKERS) {
    return fail(
      `the server saw a peak of ${run.peak} requests at once; a pool of ${WORKERS} keeps exactly ${WORKERS} in flight`,
    );
  }
  return run.ms;
}

async function cancelOverServer(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<Failure | number> {
  await server.reset();
  const items = Array.from({ length: ITEMS }, (_, i) =>
    i === 0 ? "/delay/20?item=1" : `/delay/10000?item=${i + 1}`,
  );
  const cancel = new AbortController();
  const source = new CountedSource(items);
  const running = runPipeline(source, {
    queue: new impl.BoundedQueue<string>(CAPACITY),
    workers: WORKERS,
    handle: handler(server, agent),
    signal: cancel.signal,
  });
  running.catch(() => {});
  const fail = (observed: string): Failure => ({ hint: HINT.close, observed });
  try {
    await whenServer(
      server,
      doneAndInFlight(1, WORKERS),
      AbortSignal.timeout(5000),
    );
  } catch {
    cancel.abort();
    return fail(
      `the pool over your queue never had item 1 done and ${WORKERS} more in flight within 5 s`,
    );
  }
  const asked = performance.now();
  cancel.abort();
  const stopped = await within(running, 2000);
  const ms = performance.now() - asked;
  if (stopped.state() === "pending") {
    return fail(
      "the pool over your queue had not stopped 2 s after the cancel: " +
        "something still waits on the queue",
    );
  }
  if (stopped.state() === "rejected") {
    return fail(
      `after the cancel, the pool failed: ${String(stopped.reason())}`,
    );
  }
  const report = stopped.value() as PoolReport<string>;
  const failed = report.failed.map((f) => f.item);
  const unread = source.unread();
  const all = [
    ...report.handled,
    ...report.cancelled,
    ...failed,
    ...report.notStarted,
    ...unread,
  ];
  if (all.length !== ITEMS || new Set(all).size !== ITEMS) {
    return fail(
      `after the cancel the pool accounted for ${all.length} item(s), ` +
        `${new Set(all).size} of them different, not each of the ${ITEMS} ` +
        `exactly once: handled ${report.handled.length}, cancelled ` +
        `${report.cancelled.length}, failed ${failed.length}, never ` +
        `started ${report.notStarted.length}, never read ${unread.length}`,
    );
  }
  return ms;
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const probes = [
    getWaitsAndIsHandedOver,
    itemsInOrder,
    gettersInOrder,
    noBarging,
    putWaitsOnFull,
    puttersInOrder,
    freedPlaceGoesToPutter,
    closeWakesWaiters,
    closedQueueKeepsOrder,
  ];
  if (
    impl.BoundedQueue === AsyncQueue ||
    impl.BoundedQueue?.prototype instanceof AsyncQueue
  ) {
    return {
      passed: false,
      expected: EXPECTED,
      observed:
        "your BoundedQueue is the lesson's own AsyncQueue from queue.ts " +
        "(exported again, or extended), so there is nothing of yours to " +
        "check: write put(), get() and close() in the class of task.ts",
      hint: HINT.getWaits,
    };
  }
  for (const probe of probes) {
    const failure = await probe(impl);
    if (failure !== null) {
      return {
        passed: false,
        expected: failure.expected ?? EXPECTED,
        observed: failure.observed,
        hint: failure.hint,
        ...(failure.details && { details: failure.details }),
      };
    }
  }
  const agent = new http.Agent({ keepAlive: true });
  try {
    const drained = await drainOverServer(impl, server, agent);
    if (typeof drained !== "number") {
      return { passed: false, expected: EXPECTED, ...drained };
    }
    const { requests } = await server.stats();
    const cancelled = await cancelOverServer(impl, server, agent);
    if (typeof cancelled !== "number") {
      return { passed: false, expected: EXPECTED, ...cancelled };
    }
    return {
      passed: true,
      expected: EXPECTED,
      observed:
        `put() waited on a full queue and get() on an empty one, woken at ` +
        `once and in order; close() woke every waiter; the pool handled ` +
        `${ITEMS} items exactly once with ${WORKERS} in flight, and a ` +
        `cancel stopped it after ${Math.round(cancelled)} ms with every ` +
        `item accounted for`,
      requests: requests.filter((r) => !r.path.startsWith("/stats")),
    };
  } finally {
    agent.destroy();
  }
}
