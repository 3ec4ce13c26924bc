// Three slow downloads that stop cleanly on Ctrl-C (SIGINT) or SIGTERM.
// Usage: node graceful.ts <server-url>
const serverUrl = process.argv[2] ?? "";
// Each body drips one byte every 100 ms for 5 seconds.
const PATHS = [
  "/drip?chunks=50&n=1",
  "/drip?chunks=50&n=2",
  "/drip?chunks=50&n=3",
];

// #region signals
// One controller for all the work of the program; a signal aborts it.
const controller = new AbortController();
const stop = (signal: NodeJS.Signals) => {
  console.log(`${signal}: aborting the downloads`);
  controller.abort(new Error(`stopped by ${signal}`));
};
// With a listener installed, Node no longer exits on these signals by
// itself: the program decides how to end.
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
// #endregion

// #region downloads
const { signal } = controller;
// `fetch` resolves once the headers are in, so after this line the server
// has every request in hand.
const responses = await Promise.all(
  PATHS.map((path) => fetch(new URL(path, serverUrl), { signal })),
);
console.log(`${responses.length} downloads in progress`);
const bodies = await Promise.allSettled(responses.map((r) => r.text()));
// #endregion

// #region cleanup
const stopped = bodies.filter((result) => result.status === "rejected");
console.log(`${stopped.length} of ${bodies.length} downloads stopped`);
// Take the listeners down: nothing else keeps the loop alive, so the
// process exits by itself, with code 0.
process.off("SIGINT", stop);
process.off("SIGTERM", stop);
// #endregion
