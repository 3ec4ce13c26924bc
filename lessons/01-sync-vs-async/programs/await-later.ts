// Two requests started together; the second one fails at once, while the
// first one takes a second. Awaited in turn, or with `Promise.all`.
// Usage: node await-later.ts <server-url> in-turn|all
import { fetchPath } from "../fetch-path.ts";

const [serverUrl = "", mode = "in-turn"] = process.argv.slice(2);

// #region start
const slow = fetchPath(serverUrl, "/delay/1000");
const failing = fetchPath(serverUrl, "/status/500");
// #endregion

if (mode === "all") {
  // #region all
  try {
    // `Promise.all` listens to both promises from the start.
    console.log(await Promise.all([slow, failing]));
  } catch (error) {
    console.log(`caught: ${(error as Error).message}`);
  }
  // #endregion
} else {
  // #region in-turn
  try {
    console.log(await slow);
    // Too late: `failing` rejected while we were awaiting `slow`. Nothing
    // was listening to it then, so Node ended the process there and then.
    console.log(await failing);
  } catch (error) {
    console.log(`caught: ${(error as Error).message}`);
  }
  // #endregion
}
