// One worker of the shared counter (shared-counter.ts): waits for the start
// signal, adds 1 to the shared counter `increments` times in the way it was
// told, and reports how often it had to sleep for the lock.
import { parentPort, workerData } from "node:worker_threads";
import { SharedLock } from "./atomics-lock.ts";
import { CELL, type CountMode } from "./counter-cells.ts";

interface Job {
  memory: SharedArrayBuffer;
  increments: number;
  mode: CountMode;
}

const { memory, increments, mode } = workerData as Job;
const cells = new Int32Array(memory);
const lock = new SharedLock(cells, CELL.lock);
// The counter: a view of its one cell of the shared memory.
const counter = new Int32Array(memory, CELL.counter * 4, 1);

// Say we are ready, then sleep until every worker is: they all start
// counting at the same moment.
Atomics.add(cells, CELL.ready, 1);
Atomics.notify(cells, CELL.ready);
Atomics.wait(cells, CELL.start, 0);

let sleeps = 0;
// #region increments
// (The `!` tells TypeScript that `counter[0]` exists.)
if (mode === "plain") {
  // Read, add 1, write back: three steps, and the other core may write
  // between the read and the write. Its update is then written over.
  for (let i = 0; i < increments; i++) counter[0]!++;
} else if (mode === "atomic") {
  // One indivisible read-add-write.
  for (let i = 0; i < increments; i++) Atomics.add(counter, 0, 1);
} else {
  // The same three steps, with only one worker at a time between them.
  for (let i = 0; i < increments; i++) {
    sleeps += lock.lock();
    counter[0]!++;
    lock.unlock();
  }
}
// #endregion
parentPort?.postMessage({ sleeps });
