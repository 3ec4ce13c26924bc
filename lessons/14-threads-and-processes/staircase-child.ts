// Run by staircase.ts in a process of its own, so that its libuv thread pool
// has the size that UV_THREADPOOL_SIZE gives it: a pool's size is fixed the
// first time a process uses it. Prints one line of JSON: the time at which
// each call finished, in milliseconds since they were all started, and how
// many of the pool's threads had been computing when the first one finished.
import { pbkdf2 } from "node:crypto";
import { poolThreadsComputing } from "./pool-threads.ts";

const calls = Number(process.argv[2]);
const iterations = Number(process.argv[3]);

// #region five-calls
const start = performance.now();
const finished: number[] = [];
let computingAtFirstFinish: number | undefined;
for (let call = 0; call < calls; call++) {
  // Each call is queued for the pool at once; a free thread takes it.
  pbkdf2("password", "salt", iterations, 64, "sha512", (error) => {
    if (error) throw error;
    finished.push(performance.now() - start);
    if (finished.length === 1) computingAtFirstFinish = poolThreadsComputing();
    if (finished.length === calls) {
      console.log(JSON.stringify({ finished, computingAtFirstFinish }));
    }
  });
}
// #endregion
