// The command lines of the workshop's commands, read one way: `--help` for
// each, and a mistake (an unknown option, a missing value, an option npm
// took for itself) told in our words, with the usage.
import { editDistance } from "../lib/lessons.ts";
import { CliError } from "./cli-error.ts";

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  /** The value's name in the help, e.g. "URL" for `--server URL`. */
  value?: string;
  /** A value to show when one is missing, e.g. "http://127.0.0.1:8080". */
  example?: string;
  description: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** How the command is run, e.g. "npm run verify". */
  command: string;
  /** What follows the command and `--`, e.g. "<lesson> [--solution]". */
  usage: string;
  /** What the command does, a line or a few. */
  summary: string;
  options: O;
  /** Lines about the positional arguments, e.g. "<lesson>  its number". */
  argumentsHelp?: string[];
  examples?: string[];
  /** Lines after the examples. */
  notes?: string[];
  /** How many positional arguments it takes at most (none by default). */
  maxPositionals?: number;
  /** Whether everything after a lone `--` is passed on as `extra`. */
  passThrough?: boolean;
}

type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string;
};

export interface ParsedCommand<O extends Record<string, OptionSpec>> {
  /** `-h` or `--help` was given: print `helpText(spec)` and stop. */
  help: boolean;
  values: Values<O>;
  positionals: string[];
  /** What came after a lone `--` (with `passThrough`). */
  extra: string[];
}

/** A mistake in the command line: exit code 2, as shells expect. */
export class UsageError extends CliError {
  override name = "UsageError";
  override readonly exitCode: number = 2;
}

/** Checks a command's spec and keeps its option names for typed values. */
export function defineCommand<const O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
): CommandSpec<O> {
  return spec;
}

function invocation(spec: CommandSpec<Record<string, OptionSpec>>): string {
  // `npm start -- …` and `npm run x -- …` both need the `--` before options.
  return spec.usage ? `${spec.command} -- ${spec.usage}` : spec.command;
}

function flagOf(name: string, option: OptionSpec): string {
  const long = `--${name}${option.value ? ` ${option.value}` : ""}`;
  return option.short ? `-${option.short}, ${long}` : long;
}

export function helpText<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
): string {
  const rows: [string, string][] = [
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [
      flagOf(name, option),
      option.description,
    ]),
    ["-h, --help", "show this help"],
  ];
  const column = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [
    `usage: ${invocation(spec)}`,
    "",
    spec.summary,
    ...(spec.argumentsHelp?.length
      ? ["", "Arguments:", ...spec.argumentsHelp.map((line) => `  ${line}`)]
      : []),
    "",
    "Options:",
    ...rows.map(
      ([flag, text]) =>
        `  ${flag.padEnd(column)}${text.replace(/\n/g, `\n  ${" ".repeat(column)}`)}`,
    ),
    ...(spec.examples?.length
      ? ["", "Examples:", ...spec.examples.map((line) => `  ${line}`)]
      : []),
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
  ];
  return lines.join("\n");
}

/** The usage, and where the rest is, under a mistake's message. */
export function usageError<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  message: string,
): UsageError {
  return new UsageError(
    `${message}\nusage: ${invocation(spec)}\n(${spec.command} -- --help says more)`,
  );
}

/**
 * Reads `argv` (the arguments after the script) against `spec`. Throws a
 * UsageError for an unknown option, a value missing or given where none
 * is taken, too many arguments, or an option npm kept for itself because
 * it came before the `--` (npm then passes it in `npm_config_<name>`).
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): ParsedCommand<O> {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const extra: string[] = [];
  const names = Object.keys(spec.options);
  const byShort = new Map(
    Object.entries(spec.options).flatMap(([name, option]) =>
      option.short ? [[option.short, name] as const] : [],
    ),
  );
  const fail = (message: string) => usageError(spec, message);
  // Help wins over any mistake around it.
  const own = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (own.includes("-h") || own.includes("--help")) {
    return { help: true, values: {}, positionals: [], extra: [] };
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      const rest = argv.slice(i + 1);
      if (spec.passThrough) extra.push(...rest);
      else positionals.push(...rest);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const name = flag.startsWith("--")
      ? flag.slice(2)
      : byShort.get(flag.slice(1));
    const option = name === undefined ? undefined : spec.options[name];
    if (name === undefined || option === undefined) {
      const wanted = flag.replace(/^-+/, "");
      const near = names.find((known) => editDistance(known, wanted) <= 2);
      const known = names.map((known) => `--${known}`).join(", ");
      throw fail(
        `unknown option ${flag}` +
          (near ? ` (did you mean --${near}?)` : "") +
          (known
            ? `; the options are ${known} and --help`
            : "; the only option is --help"),
      );
    }
    if (option.type === "boolean") {
      if (inline !== undefined) throw fail(`${flag} takes no value`);
      values[name] = true;
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (
      value === undefined ||
      value === "" ||
      (inline === undefined && value.startsWith("-"))
    ) {
      const what = option.value ? `a ${option.value}` : "a value";
      const example = option.example ? `, e.g. ${flag} ${option.example}` : "";
      throw fail(`${flag} needs ${what}${example}`);
    }
    if (inline === undefined) i++;
    values[name] = value;
  }

  // npm takes `--name` before the `--` as its own setting, and passes it on
  // only as npm_config_name; the command would run without it.
  if (env["npm_lifecycle_event"] !== undefined) {
    for (const name of names) {
      const key = `npm_config_${name.replace(/-/g, "_")}`;
      if (env[key] !== undefined && values[name] === undefined) {
        throw fail(
          `npm kept --${name} for itself: options go after a lone --, as in\n  ${[spec.command, "--", ...argv, `--${name}`].join(" ")}`,
        );
      }
    }
  }
  const most = spec.maxPositionals ?? 0;
  if (positionals.length > most) {
    const unexpected = positionals.slice(most).join(" ");
    throw fail(
      most === 0
        ? `${spec.command} takes no arguments, not: ${unexpected}`
        : `too many arguments: ${unexpected}`,
    );
  }
  return { help: false, values: values as Values<O>, positionals, extra };
}

/**
 * `parseCommand` for a command's `main`: on `--help` it prints the help and
 * returns undefined, so that main can simply return.
 */
export function readCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv = process.argv.slice(2),
): ParsedCommand<O> | undefined {
  const parsed = parseCommand(spec, argv);
  if (!parsed.help) return parsed;
  process.stdout.write(`${helpText(spec)}\n`);
  return undefined;
}
