// Promises created first, then collected in a loop or with `Promise.all`:
// the requests overlap either way, but in the loop, one that fails while an
// earlier one is awaited has no handler.
// Usage: node collect-in-loop.ts <server-url> loop|all
import { getResponse } from "../get-response.ts";

const [serverUrl = "", mode = "loop"] = process.argv.slice(2);

// #region start
const promises = [
  getResponse(`${serverUrl}/delay/1000`),
  getResponse(`${serverUrl}/fault/reset`),
];
// #endregion
if (mode === "all") {
  // #region all
  try {
    const results = await Promise.all(promises);
    console.log(`collected ${results.length} responses`);
  } catch (error) {
    console.log(`caught: ${(error as Error).message}`);
  }
  // #endregion
} else {
  // #region collect
  const results = [];
  try {
    // The loop awaits the first promise while the second one fails.
    for (const promise of promises) results.push(await promise);
  } catch (error) {
    console.log(`caught: ${(error as Error).message}`);
  }
  console.log(`collected ${results.length} responses`);
  // #endregion
}
