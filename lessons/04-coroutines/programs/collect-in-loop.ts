// Promises created first and collected in a loop: the requests overlap,
// but one that fails while the loop awaits an earlier one has no handler.
// Usage: node collect-in-loop.ts <server-url>
import { getResponse } from "../get-response.ts";

const serverUrl = process.argv[2] ?? "";

// #region collect
const promises = [
  getResponse(`${serverUrl}/delay/500`),
  getResponse(`${serverUrl}/fault/reset`),
];
const results = [];
try {
  // The loop awaits the first promise while the second one fails.
  for (const promise of promises) results.push(await promise);
} catch (error) {
  console.log(`caught: ${(error as Error).message}`);
}
console.log(`collected ${results.length} responses`);
// #endregion
