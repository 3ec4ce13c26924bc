// How many of libuv's pool threads have been computing, read from the
// operating system rather than from when calls finish: Linux names the pool's
// threads "libuv-worker", and /proc/self/task/<id>/schedstat starts with the
// nanoseconds each thread has run. A thread that only waited for work has run
// for microseconds, one that holds a pbkdf2 call for many milliseconds.
import { readdirSync, readFileSync } from "node:fs";

const COMPUTING_MS = 10;

/** Pool threads that have run for at least 10 ms; undefined where the
 * system has no /proc with per-thread run times (macOS, Windows). */
export function poolThreadsComputing(): number | undefined {
  try {
    return readdirSync("/proc/self/task").filter((id) => {
      const task = `/proc/self/task/${id}`;
      if (readFileSync(`${task}/comm`, "utf8").trim() !== "libuv-worker") {
        return false;
      }
      const [ranNs] = readFileSync(`${task}/schedstat`, "utf8").split(" ");
      return Number(ranNs) / 1e6 >= COMPUTING_MS;
    }).length;
  } catch {
    return undefined;
  }
}
