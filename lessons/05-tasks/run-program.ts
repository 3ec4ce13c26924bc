// Runs one of the small programs in ./programs/ as a child Node process, so
// that a crash, an exit or a signal ends the child and not the caller.
import {
  runProgram as runFile,
  startProgram as startFile,
  type ProgramExit,
  type RunningProgram,
} from "../01-sync-vs-async/run-program.ts";

export {
  errorLine,
  firstLine,
  type ProgramExit,
  type RunningProgram,
} from "../01-sync-vs-async/run-program.ts";

const program = (name: string) =>
  new URL(`./programs/${name}.ts`, import.meta.url);

/** Start `programs/<name>.ts` with `args`. */
export function startProgram(name: string, args: string[]): RunningProgram {
  return startFile(program(name), args);
}

/** Run `programs/<name>.ts` to its end. */
export function runProgram(name: string, args: string[]): Promise<ProgramExit> {
  return runFile(program(name), args);
}
