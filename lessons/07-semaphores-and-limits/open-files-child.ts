// The child process of `too-many-files.ts`: `requestAll` with the arguments
// it was given, and its report as one line of JSON on stdout.
import { parseLimit } from "./file-limit.ts";
import { reportToJson, requestAll } from "./open-files.ts";
import { SHELL_HARD_LIMIT } from "./too-many-files.ts";

const [url = "", count = "", limit = ""] = process.argv.slice(2);
const fromShell = process.env[SHELL_HARD_LIMIT];
const report = await requestAll(new URL(url), Number(count), {
  ...(limit !== "" && { limit: Number(limit) }),
  // Without `/proc`, the hard limit the shell set is the best guess: Node
  // raised its soft limit to it.
  ...(fromShell !== undefined && { shellHardLimit: parseLimit(fromShell) }),
});
process.stdout.write(`${reportToJson(report)}\n`);
