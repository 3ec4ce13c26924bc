// `node src/trace/run.ts <out.json> <program.ts> [args...]`: runs a
// program's exported `main(args)` with the loop tracer watching, and writes
// the raw trace to <out.json> when the process exits. The program is
// imported before tracing starts, so loading it is not in the trace.
import { pathToFileURL } from "node:url";
import { markMain, saveRawTrace, startTrace } from "./tracer.ts";

const [out, program, ...args] = process.argv.slice(2);
if (out === undefined || program === undefined) {
  console.error("usage: node src/trace/run.ts <out.json> <program.ts> [args]");
  process.exit(2);
}
const loaded = (await import(pathToFileURL(program).href)) as {
  main?: (args: string[]) => unknown;
};
if (typeof loaded.main !== "function") {
  console.error(`${program} exports no main(args) function to trace`);
  process.exit(2);
}
const main = loaded.main;
process.on("exit", () => saveRawTrace(out));
startTrace();
markMain("start");
// What `main` returns (a promise, say) is left alone: awaiting it here
// would put the tracer's own reactions into the trace.
void main(args);
markMain("end");
