// A task for speed-up.test.ts: it waits (up to `waitMs`) until `count` tasks have
// arrived at the same shared cell. They can all arrive only if they all run
// at the same time, each on a thread of its own.
export interface Meeting {
  arrived: Int32Array;
  count: number;
  waitMs: number;
}

/** Whether all `count` tasks met before the wait ran out. */
export default function meet({ arrived, count, waitMs }: Meeting): boolean {
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  const deadline = Date.now() + waitMs;
  let now = Atomics.load(arrived, 0);
  while (now < count && Date.now() < deadline) {
    Atomics.wait(arrived, 0, now, deadline - Date.now());
    now = Atomics.load(arrived, 0);
  }
  return now >= count;
}
