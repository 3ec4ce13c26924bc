// Reads `<lesson> [run] [--server URL] [-- extra args]`.
import { CliError } from "./cli-error.ts";

export interface LessonArgs {
  lesson?: string;
  run?: string;
  server?: string;
  /** Everything after a lone `--`, passed to the run as `ctx.args`. */
  extra: string[];
}

export function parseLessonArgs(argv: string[]): LessonArgs {
  const separator = argv.indexOf("--");
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const extra = separator === -1 ? [] : argv.slice(separator + 1);
  const positionals: string[] = [];
  let server: string | undefined;
  for (let i = 0; i < own.length; i++) {
    const arg = own[i] ?? "";
    if (arg === "--server" || arg.startsWith("--server=")) {
      server = arg.includes("=") ? arg.slice("--server=".length) : own[++i];
      if (!server)
        throw new CliError(
          "--server needs a URL, e.g. --server http://127.0.0.1:8080",
        );
      if (!/^https?:\/\//.test(server)) {
        throw new CliError(
          `--server takes a URL like http://127.0.0.1:8080, not "${server}"`,
        );
      }
    } else if (arg.startsWith("-")) {
      throw new CliError(
        `unknown option ${arg}; usage: npm run lesson -- <lesson> [run] [--server URL] [-- args]`,
      );
    } else {
      positionals.push(arg);
    }
  }
  if (positionals.length > 2) {
    throw new CliError(
      `too many names: ${positionals.join(" ")}; put arguments for the lesson after --`,
    );
  }
  const [lesson, run] = positionals;
  return {
    ...(lesson === undefined ? {} : { lesson }),
    ...(run === undefined ? {} : { run }),
    ...(server === undefined ? {} : { server }),
    extra,
  };
}
