// `node uncaught-child.ts URL`: throw in a socket callback and let Node do
// what it does with an exception nobody catches.
import { throwInCallback } from "./uncaught.ts";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: node uncaught-child.ts URL");

// A monitor sees the exception without handling it: Node still ends the
// process, as it would without this listener.
process.on("uncaughtExceptionMonitor", (error, origin) => {
  console.log(`uncaughtExceptionMonitor: ${origin}: ${error.message}`);
});
throwInCallback(url, (line) => console.log(line));
