// The Node twin of debug_mode.py: the same three mistakes, made one after
// another, with and without the lesson's debug mode (debug-mode.ts).
// Usage: node debug-mode.ts plain|debug
import { enableDebugMode } from "../debug-mode.ts";

const [mode = "plain"] = process.argv.slice(2);
const say = (text: string) => process.stderr.write(`${text}\n`);

async function save(order: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 10, order));
}

async function audit(order: string): Promise<void> {
  throw new Error(`the audit of ${order} failed`);
}

/** Holds the thread for `ms`, as Python's `time.sleep` does. */
function sleepBlocking(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function main(): Promise<void> {
  if (mode === "debug") await enableDebugMode({ slowMs: 100, report: say });
  say(`debug mode: ${mode === "debug"}`);

  say("1. a blocking call inside an async function");
  sleepBlocking(300);
  await new Promise((resolve) => setTimeout(resolve, 20));

  say("2. an async function whose promise nobody awaits");
  // It runs anyway: there is nothing to warn about at run time.
  save("apple");
  await new Promise((resolve) => setTimeout(resolve, 20));

  say("3. a rejected promise that nobody handles");
  audit("apple");
  // Node looks for a handler once the microtasks have run: after this.
  say("main() is done");
}

await main();
