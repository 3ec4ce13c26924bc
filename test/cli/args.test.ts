import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import {
  defineCommand,
  helpText,
  parseCommand,
  UsageError,
} from "../../src/cli/args.ts";

const SPEC = defineCommand({
  command: "npm run demo",
  usage: "<name> [--fast] [--port N]",
  summary: "A command for the tests.",
  argumentsHelp: ["<name>  what to greet"],
  options: {
    fast: { type: "boolean", description: "go fast" },
    port: {
      type: "string",
      short: "p",
      value: "PORT",
      example: "8080",
      description: "where\nto listen",
    },
  },
  examples: ["npm run demo -- world"],
  maxPositionals: 1,
});

function parse(argv: string[], env: NodeJS.ProcessEnv = {}) {
  return parseCommand(SPEC, argv, env);
}

function failure(argv: string[], env: NodeJS.ProcessEnv = {}): UsageError {
  try {
    parse(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("parseCommand", () => {
  test("reads options in every spelling, and the positionals", () => {
    expect(parse(["world", "--fast", "--port", "1"])).toEqual({
      help: false,
      values: { fast: true, port: "1" },
      positionals: ["world"],
      extra: [],
    });
    expect(parse(["--port=2", "world"]).values).toEqual({ port: "2" });
    expect(parse(["-p", "3"]).values).toEqual({ port: "3" });
  });

  test("asks for help with -h or --help, whatever else is there", () => {
    expect(parse(["--nonsense", "-h"]).help).toBe(true);
    expect(parse(["world", "--help"]).help).toBe(true);
  });

  test("names an unknown option, the nearest known one, and the usage", () => {
    const error = failure(["world", "--fats"]);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      [
        "unknown option --fats (did you mean --fast?); the options are --fast, --port and --help",
        "usage: npm run demo -- <name> [--fast] [--port N]",
        "(npm run demo -- --help says more)",
      ].join("\n"),
    );
    expect(error.message).not.toMatch(/positional|ERR_PARSE_ARGS/);
    expect(failure(["-x"]).message).toMatch(/^unknown option -x;/);
  });

  test("says which value is missing, or was given where none is taken", () => {
    expect(failure(["--port"]).message).toMatch(
      /^--port needs a PORT, e\.g\. --port 8080\n/,
    );
    expect(failure(["--port", "--fast"]).message).toMatch(
      /^--port needs a PORT/,
    );
    expect(failure(["--fast=yes"]).message).toMatch(/^--fast takes no value\n/);
  });

  test("turns away arguments the command does not take", () => {
    expect(failure(["a", "b"]).message).toMatch(/^too many arguments: b\n/);
  });

  test("keeps what follows a lone -- apart only when told to", () => {
    expect(parse(["--", "x"]).positionals).toEqual(["x"]);
    const spec = { ...SPEC, passThrough: true, maxPositionals: 0 };
    expect(parseCommand(spec, ["--", "-n", "5"], {}).extra).toEqual([
      "-n",
      "5",
    ]);
  });

  test("says so when npm took an option before the -- for itself", () => {
    const env = { npm_lifecycle_event: "demo", npm_config_fast: "true" };
    expect(failure(["world"], env).message).toMatch(
      /^npm kept --fast for itself: options go after a lone --, as in\n {2}npm run demo -- world --fast\n/,
    );
    // Outside npm, an npm_config_ variable means nothing.
    expect(parse(["world"], { npm_config_fast: "true" }).values).toEqual({});
  });
});

describe("helpText", () => {
  test("gives the usage, the summary, the arguments, options and examples", () => {
    expect(helpText(SPEC)).toBe(
      [
        "usage: npm run demo -- <name> [--fast] [--port N]",
        "",
        "A command for the tests.",
        "",
        "Arguments:",
        "  <name>  what to greet",
        "",
        "Options:",
        "  --fast           go fast",
        "  -p, --port PORT  where",
        "                   to listen",
        "  -h, --help       show this help",
        "",
        "Examples:",
        "  npm run demo -- world",
      ].join("\n"),
    );
  });
});

// Each command, run as npm runs it, with no npm settings in its way.
const COMMANDS = {
  lesson: ["src/cli/lesson.ts"],
  verify: ["src/cli/verify.ts"],
  record: ["src/cli/record.ts"],
  start: ["src/cli/start.ts"],
  bench: ["src/cli/bench.ts"],
} as const;

function run(script: string, args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")),
  );
  return spawnSync(process.execPath, [script, ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    encoding: "utf8",
    env: { ...env, NO_COLOR: "1" },
    timeout: 15_000,
  });
}

describe("every command", () => {
  for (const [name, [script]] of Object.entries(COMMANDS)) {
    test(`npm run ${name} -- --help prints its usage and options, and exits 0`, () => {
      const result = run(script, ["--help"]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const command = name === "start" ? "npm start" : `npm run ${name}`;
      expect(result.stdout).toMatch(new RegExp(`^usage: ${command}\\b`));
      expect(result.stdout).toContain("-h, --help  ");
    });

    test(`npm run ${name} turns away an unknown option in its own words`, () => {
      const result = run(script, ["--frobnicate"]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^error: unknown option --frobnicate[;(]/);
      expect(result.stderr).toContain("--help says more");
      expect(result.stderr).not.toMatch(/positional|ERR_PARSE_ARGS|at /);
    });
  }
});
