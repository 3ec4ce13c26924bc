// Reads `[<lesson> [run]] [--server URL] [-- extra args]` for `npm run lesson`.
import { defineCommand, parseCommand, usageError } from "./args.ts";

export const LESSON_COMMAND = defineCommand({
  command: "npm run lesson",
  usage: "[<lesson> [<run>]] [--server URL] [-- <arguments for the run>]",
  summary:
    "Runs a lesson's demonstrations against the bundled server (started for\n" +
    "you on free ports) and prints their output, the wall time and a timeline\n" +
    "of the requests as the server saw them. With no lesson, lists them.",
  argumentsHelp: [
    "<lesson>  a lesson's number (1) or name (sync-vs-async)",
    "<run>     one of its demonstrations; without it, all of them",
  ],
  options: {
    server: {
      type: "string",
      value: "URL",
      example: "http://127.0.0.1:8080",
      description: "use a server started with npm run server instead",
    },
  },
  examples: [
    "npm run lesson",
    "npm run lesson -- 1",
    "npm run lesson -- 1 concurrent",
    "npm run lesson -- 1 --server http://127.0.0.1:8080",
  ],
  // Checked below, with advice of its own.
  maxPositionals: Number.POSITIVE_INFINITY,
  passThrough: true,
});

export interface LessonArgs {
  /** `--help` was given. */
  help?: true;
  lesson?: string;
  run?: string;
  server?: string;
  /** Everything after a lone `--`, passed to the run as `ctx.args`. */
  extra: string[];
}

export function parseLessonArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): LessonArgs {
  const parsed = parseCommand(LESSON_COMMAND, argv, env);
  if (parsed.help) return { help: true, extra: [] };
  const { server } = parsed.values;
  if (server !== undefined && !/^https?:\/\//.test(server)) {
    throw usageError(
      LESSON_COMMAND,
      `--server takes a URL like http://127.0.0.1:8080, not "${server}"`,
    );
  }
  const { positionals } = parsed;
  if (positionals.length > 2) {
    throw usageError(
      LESSON_COMMAND,
      `too many names: ${positionals.join(" ")}; put arguments for the lesson after --`,
    );
  }
  const [lesson, run] = positionals;
  return {
    ...(lesson === undefined ? {} : { lesson }),
    ...(run === undefined ? {} : { run }),
    ...(server === undefined ? {} : { server }),
    extra: parsed.extra,
  };
}
