// A program that does its work, says so, and then does not exit: a timer
// and a file watcher it started are still there. `diagnose` asks Node what keeps
// it alive, and why-is-node-running where each of those things was made;
// `fixed` puts them away.
// Usage: node no-exit.ts <server-url> buggy|diagnose|fixed
import { watch } from "node:fs";

const [serverUrl = "", mode = "buggy"] = process.argv.slice(2);
// Imported first, and only when asked: it records where every handle is
// made, with a stack for each (async_hooks), which costs time.
const why =
  mode === "diagnose" ? (await import("why-is-node-running")).default : null;

// #region work
let done = 0;
// A progress line every 100 ms, and a watch on the settings file, to pick
// up a change while the program runs.
const progress = setInterval(() => {
  process.stderr.write(`${done} of 3 pages\n`);
}, 100);
const settings = watch(import.meta.filename, () => {});

const pages = ["/delay/50", "/delay/100", "/delay/150"];
await Promise.all(
  pages.map(async (path) => {
    await (await fetch(`${serverUrl}${path}`)).text();
    done++;
  }),
);
console.log(`done: ${done} pages`);
// #endregion

if (mode === "fixed") {
  // #region fixed
  clearInterval(progress);
  settings.close();
  // #endregion
}

if (why !== null) {
  // #region diagnose
  // An `unref()`ed timer: it fires only if something else keeps the
  // process alive, which is just what we want to know about.
  setTimeout(() => {
    console.log(`active resources: ${process.getActiveResourcesInfo()}`);
    why({ error: (line: string) => console.log(line) });
    process.exit(0);
  }, 100).unref();
  // #endregion
}
