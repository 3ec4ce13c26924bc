// What happens to pending work when a Node program reaches its end.
// Usage: node pending-at-exit.ts <server-url> request|unref-timer|exit
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";

const [serverUrl = "", mode] = process.argv.slice(2);

if (mode === "request") {
  // #region request
  // An open socket keeps the event loop alive: the process waits for the
  // response even though nobody awaits the promise.
  void fetchPath(serverUrl, "/delay/1000").then((body) => {
    console.log(`the response came in: ${body.trim()}`);
  });
  // #endregion
} else if (mode === "unref-timer") {
  // #region unref-timer
  // An `unref()`ed timer does not keep the loop alive: with nothing else
  // to wait for, the process exits and the callback never runs.
  setTimeout(() => console.log("the timer fired"), 500).unref();
  // #endregion
} else if (mode === "exit") {
  // #region exit
  // The headers come first; the body drips for two seconds after them.
  const response = await fetch(new URL("/drip?chunks=20", serverUrl));
  console.log(`headers in (${response.status}), the body is still coming`);
  void response.text().finally(() => console.log("finally: never printed"));
  // `exit` listeners are the one thing that still runs, synchronously.
  process.on("exit", (code) => console.log(`exit listener: code ${code}`));
  // `process.exit` ends the process now: pending promises, `finally`
  // blocks and open sockets are dropped, not finished.
  process.exit(0);
  // #endregion
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log("the module has run to its end");
