// One worker of lost-update.ts: `counter[0]++` done as its steps by hand,
// with a barrier between the read and the write, so that every worker reads
// the counter before any writes it. Reports what it read.
import { parentPort, workerData } from "node:worker_threads";

interface Job {
  memory: SharedArrayBuffer;
  workers: number;
}

const COUNTER = 0;
const ARRIVED = 1;
// A worker that never comes must not hang the others for ever.
const WAIT_MS = 5000;

const { memory, workers } = workerData as Job;
const cells = new Int32Array(memory);
const deadline = Date.now() + WAIT_MS;

// #region read-barrier-write
// Step 1: read the counter (a plain read, as in `counter[0]++`).
const seen = cells[COUNTER] ?? 0;
// The barrier: say we have read, then sleep until every worker has.
Atomics.add(cells, ARRIVED, 1);
Atomics.notify(cells, ARRIVED);
let arrived = Atomics.load(cells, ARRIVED);
while (arrived < workers && Date.now() < deadline) {
  Atomics.wait(cells, ARRIVED, arrived, deadline - Date.now());
  arrived = Atomics.load(cells, ARRIVED);
}
// Steps 2 and 3: add 1 to what we read, and write it back.
cells[COUNTER] = seen + 1;
// #endregion
parentPort?.postMessage({ seen, met: arrived >= workers });
