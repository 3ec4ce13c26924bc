// A worker for atomics-lock.test.ts: takes the lock in the shared memory it
// is given, marks cell 1 to say it holds it, reports, and lets go.
import { parentPort, workerData } from "node:worker_threads";
import { SharedLock } from "./atomics-lock.ts";

const cells = new Int32Array(workerData as SharedArrayBuffer);
const lock = new SharedLock(cells, 0);
const sleeps = lock.lock();
Atomics.store(cells, 1, 1);
lock.unlock();
parentPort?.postMessage({ sleeps });
