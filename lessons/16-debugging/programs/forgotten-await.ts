// An order is placed and saved, or so the code says: one `await` is
// missing. The order is not saved yet when the answer goes out, and a save
// that fails escapes the `try` that was meant to catch it.
// Usage: node forgotten-await.ts <server-url> forgotten|fixed
const [serverUrl = "", mode = "forgotten"] = process.argv.slice(2);

const saved: string[] = [];

/** Save an order: the bundled server stands in for a slow database. */
async function saveOrder(item: string): Promise<void> {
  const path = item === "pear" ? "/status/503" : "/delay/100";
  const response = await fetch(`${serverUrl}${path}`);
  await response.text();
  if (!response.ok) throw new Error(`saving ${item}: ${response.status}`);
  saved.push(item);
}

// #region forgotten
async function placeOrder(item: string): Promise<string> {
  try {
    // The promise is made and dropped: the save runs, but nobody waits
    // for it, and its failure has nowhere to go.
    saveOrder(item);
    return `${item}: placed`;
  } catch (error) {
    return `${item}: failed (${(error as Error).message})`;
  }
}
// #endregion

// #region fixed
async function placeOrderFixed(item: string): Promise<string> {
  try {
    await saveOrder(item);
    return `${item}: placed`;
  } catch (error) {
    return `${item}: failed (${(error as Error).message})`;
  }
}
// #endregion

const place = mode === "fixed" ? placeOrderFixed : placeOrder;
console.log(await place("apple"));
console.log(`saved so far: [${saved.join(", ")}]`);
console.log(await place("pear"));
// Time for the save of the pear to fail, before the program ends.
await new Promise((resolve) => setTimeout(resolve, 200));
console.log(`saved at the end: [${saved.join(", ")}]`);
