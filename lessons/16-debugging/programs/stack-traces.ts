// Where V8's async stack traces follow a failure back through its callers,
// and where they stop. Each case fails in a different way and prints the
// error's stack as Node has it.
// Usage: node stack-traces.ts <server-url>
import { readFile } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const [serverUrl = ""] = process.argv.slice(2);

// #region awaits
// Every caller awaits: the stack goes back through each `await`.
async function parsePrice(text: string): Promise<number> {
  await sleep(1);
  const price = Number(text);
  if (Number.isNaN(price)) throw new Error(`not a price: ${text}`);
  return price;
}
async function priceOf(item: string): Promise<number> {
  return await parsePrice(item === "apple" ? "1.20" : "n/a");
}
async function total(items: string[]): Promise<number> {
  const prices = await Promise.all(items.map((item) => priceOf(item)));
  return prices.reduce((sum, price) => sum + price, 0);
}
// #endregion

// #region then
// A `.then` chain that no async function awaits: only the callback's own
// frame is left.
function totalWithThen(items: string[]): Promise<number> {
  return sleep(1)
    .then(() => items.map((item) => (item === "apple" ? 1.2 : NaN)))
    .then((prices) => {
      if (prices.some(Number.isNaN)) throw new Error("not a price");
      return prices.reduce((sum, price) => sum + price, 0);
    });
}
// #endregion

// #region timer
// A promise made by hand around a timer: the error is made in the timer's
// callback, which the timer list calls, not our code.
function totalLater(items: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      if (items.includes("pear")) reject(new Error("not a price"));
      else resolve(1.2 * items.length);
    }, 1);
  });
}
async function checkout(items: string[]): Promise<number> {
  return await totalLater(items);
}
// #endregion

// #region callback
// A callback API: the error comes from libuv, with no JavaScript frame.
function readPrices(): Promise<string> {
  return new Promise((resolve, reject) => {
    readFile("/no/such/prices.json", "utf8", (error, text) =>
      error ? reject(error) : resolve(text),
    );
  });
}
// #endregion

// #region fetch
// `fetch` that fails on the network: its error has no frames at all, and
// its cause only the socket's.
async function loadPrices(): Promise<unknown> {
  const response = await fetch(`${serverUrl}/fault/reset`);
  return response.json();
}
// #endregion

const cases: [string, () => Promise<unknown>][] = [
  ["await, await, Promise.all", () => total(["apple", "pear"])],
  [".then chain", () => totalWithThen(["apple", "pear"])],
  ["a timer's callback", () => checkout(["apple", "pear"])],
  ["fs.readFile's callback", () => readPrices()],
  ["fetch", () => loadPrices()],
];
for (const [name, run] of cases) {
  try {
    await run();
  } catch (error) {
    console.log(`--- ${name}`);
    console.log((error as Error).stack);
    const cause = (error as Error).cause as Error | undefined;
    if (cause !== undefined) console.log(`  cause: ${cause.stack}`);
  }
}
