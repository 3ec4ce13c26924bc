// The child process of `too-many-files.ts`: `requestAll` with the arguments
// it was given, and its report as one line of JSON on stdout.
import { requestAll } from "./open-files.ts";

const [url = "", count = "", limit = ""] = process.argv.slice(2);
const report = await requestAll(
  new URL(url),
  Number(count),
  limit === "" ? undefined : Number(limit),
);
process.stdout.write(`${JSON.stringify(report)}\n`);
