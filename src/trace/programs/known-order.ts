// A program whose order the loop tracer's test knows: one callback of each
// kind queued from the main script, and the same again from inside an I/O
// callback, where the order of `setTimeout` and `setImmediate` is fixed.
import { stat } from "node:fs";

function queueEach(where: string): void {
  setTimeout(() => console.log(`${where}: setTimeout 0`), 0);
  setImmediate(() => console.log(`${where}: setImmediate`));
  Promise.resolve().then(() => console.log(`${where}: promise.then`));
  process.nextTick(() => console.log(`${where}: process.nextTick`));
  console.log(`${where}: synchronous`);
}

export function main(): void {
  queueEach("main");
  stat(import.meta.filename, (error) => {
    if (error) throw error;
    queueEach("I/O callback");
  });
}

if (import.meta.main) main();
