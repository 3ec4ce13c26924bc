// The watchdog's thread. The main thread bumps a shared counter every few
// milliseconds; this thread looks at it every few milliseconds too. When
// the counter has not moved for `thresholdMs`, the main thread's loop is
// blocked: this thread asks V8, through the inspector, to pause the main
// thread, reads its call stack, and lets it go on at once.
import { readFileSync } from "node:fs";
import { Session } from "node:inspector";
import { parentPort, workerData } from "node:worker_threads";
import type { Frame, FromWatchdog, WatchdogSetup } from "./watchdog.ts";

const { beat, thresholdMs, checkEveryMs } = workerData as WatchdogSetup;
const port = parentPort;
if (port === null) throw new Error("watchdog-worker.ts runs in a Worker");
const send = (message: FromWatchdog) => port.postMessage(message);
const now = () => performance.timeOrigin + performance.now();

// #region pause
const session = new Session();
// Only a worker can do this: a session on the main thread's own inspector,
// which V8 serves even while that thread runs JavaScript.
session.connectToMainThread();
const urls = new Map<string, string>();
session.on("Debugger.scriptParsed", ({ params }) => {
  urls.set(params.scriptId, params.url);
});
session.on("Debugger.paused", ({ params }) => {
  const stack: Frame[] = params.callFrames.map((frame) => ({
    functionName: frame.functionName,
    url: urls.get(frame.location.scriptId) ?? "",
    line: frame.location.lineNumber + 1,
    column: (frame.location.columnNumber ?? 0) + 1,
  }));
  session.post("Debugger.resume");
  send({ kind: "stack", stack, at: now() });
});
// #endregion

// How long, in ms, the main thread (whose id is the process's) has waited
// in all for a core to run on, as Linux counts it; 0 where it does not.
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const waitedForCore = (): number => {
  try {
    const [, waitNs = "0"] = readFileSync(SCHEDSTAT, "utf8").split(" ");
    return Number(waitNs) / 1e6;
  } catch {
    return 0;
  }
};

let seen = Atomics.load(beat, 0);
let lastBeat = now();
let waitedAtBeat = waitedForCore();
let paused = false;
const ages: [number, number][] = [];

// #region watch
const watch = () => {
  const count = Atomics.load(beat, 0);
  const at = now();
  // On a busy machine a thread can wait for a core for longer than the
  // threshold, running nothing: that time is the machine's, not the loop's.
  const waitedNow = waitedForCore();
  const waited = waitedNow - waitedAtBeat;
  if (count !== seen) {
    // The main thread ran its timer again: if it had been blocked, say
    // for how long, now that the block is over.
    if (paused) {
      send({ kind: "unblocked", blockedMs: at - lastBeat, waited, at });
    }
    seen = count;
    lastBeat = at;
    waitedAtBeat = waitedNow;
    paused = false;
  } else if (!paused && at - lastBeat - waited >= thresholdMs) {
    paused = true;
    session.post("Debugger.pause");
  }
  ages.push([at, at - lastBeat]);
};
// #endregion

port.on("message", (message: "stop") => {
  if (message !== "stop") return;
  clearInterval(timer);
  send({ kind: "stopped", ages });
});

let timer: NodeJS.Timeout | undefined;
// `Debugger.enable` makes the main thread announce every script it has,
// which takes it a while: watch only once that is done.
session.post("Debugger.enable", () => {
  seen = Atomics.load(beat, 0);
  lastBeat = now();
  waitedAtBeat = waitedForCore();
  timer = setInterval(watch, checkEveryMs);
  send({ kind: "ready" });
});
