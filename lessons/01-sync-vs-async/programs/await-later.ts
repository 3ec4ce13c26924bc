// Two requests started together, then awaited one after the other. The
// second one fails while the first is still being awaited.
// Usage: node await-later.ts <server-url>
import { fetchPath } from "../fetch-path.ts";

const serverUrl = process.argv[2] ?? "";

// #region await-later
const slow = fetchPath(serverUrl, "/delay/500");
const failing = fetchPath(serverUrl, "/status/500");
try {
  console.log(await slow);
  // Too late: `failing` rejected while we were awaiting `slow`. Nothing
  // was listening to it then, so Node ended the process there and then.
  console.log(await failing);
} catch (error) {
  console.log(`caught: ${(error as Error).message}`);
}
// #endregion
