// `npm run conformance -- echo <HOST:PORT | file.ts> [--case ID]`: runs the
// conformance cases of lesson 9's line protocol against a server. The
// server may be written in any language and run anywhere this machine can
// reach; or it may be a .ts file exporting `startLineServer`, which is then
// started here on a free port (and only then is its shutdown checked too).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  CASES,
  replayCommand,
  runCases,
  selectCases,
  type CaseResult,
  type Target,
} from "../../lessons/09-echo-server/exercise/cases.ts";
import { CLIENTS } from "../../lessons/09-echo-server/exercise/check.ts";
import { PROTOCOL } from "../../lessons/09-echo-server/exercise/protocol.ts";
import type { LineServer } from "../../lessons/09-echo-server/exercise/protocol.ts";
import { connectTo } from "../../lessons/09-echo-server/echo-client.ts";
import { formatMs } from "../lib/format.ts";
import { defineCommand, helpText, parseCommand, usageError } from "./args.ts";
import { CliError, runCli } from "./cli-error.ts";

const SUITES = ["echo"] as const;
const HINTS = "lessons/09-echo-server/exercise/hints.md";

export const CONFORMANCE_COMMAND = defineCommand({
  command: "npm run conformance",
  usage: "<suite> <target> [--case ID] [--clients N]",
  summary:
    "Checks a server against a protocol, case by case, over real sockets.\n" +
    "A line per case; a failing case says what it sent, what it expected\n" +
    "and what came back, and the command that replays it alone. The last\n" +
    "line is a JSON summary; the exit code is 1 if a case failed.",
  argumentsHelp: [
    "<suite>   echo: the line protocol of lesson 9's exercise (below)",
    "<target>  HOST:PORT of a running server, in any language (e.g.",
    "          127.0.0.1:9000 or [::1]:9000), or a .ts file exporting",
    "          startLineServer, started here on a free port (then the",
    "          shutdown case runs too)",
  ],
  options: {
    case: {
      type: "string",
      value: "ID",
      example: "split-16",
      description: "run this case only (--list shows them)",
    },
    clients: {
      type: "string",
      value: "N",
      example: String(CLIENTS),
      description: `clients at once in the many-clients case (default ${CLIENTS}, 1 to 1000)`,
    },
    list: { type: "boolean", description: "list the cases and exit" },
  },
  examples: [
    "npm run conformance -- echo 127.0.0.1:9000",
    "npm run conformance -- echo 127.0.0.1:9000 --case split-16",
    "npm run conformance -- echo lessons/09-echo-server/exercise/task.ts",
  ],
  notes: ["The echo protocol:", ...PROTOCOL.map((line) => `  ${line}`)],
  maxPositionals: 2,
});

export interface ConformanceArgs {
  suite: (typeof SUITES)[number];
  target: string;
  caseId?: string;
  clients: number;
}

/** The command's arguments; null for --help, "list" for --list. Throws a
 * UsageError (exit code 2) for a mistake. */
export function parseConformanceArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): ConformanceArgs | null | "list" {
  const fail = (message: string) => usageError(CONFORMANCE_COMMAND, message);
  const { help, values, positionals } = parseCommand(
    CONFORMANCE_COMMAND,
    argv,
    env,
  );
  if (help) return null;
  if (values.list) return "list";
  const [suite, target] = positionals;
  if (suite === undefined || target === undefined) {
    throw fail("give a suite and a target, e.g. echo 127.0.0.1:9000");
  }
  if (!(SUITES as readonly string[]).includes(suite)) {
    throw fail(`no suite "${suite}"; the suites are: ${SUITES.join(", ")}`);
  }
  const raw = values.clients ?? String(CLIENTS);
  const clients = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(clients >= 1 && clients <= 1000)) {
    throw fail(`--clients must be a whole number from 1 to 1000, got '${raw}'`);
  }
  if (values.case !== undefined) {
    try {
      selectCases(values.case);
    } catch (error) {
      throw fail((error as Error).message);
    }
  }
  return {
    suite: "echo",
    target,
    clients,
    ...(values.case !== undefined && { caseId: values.case }),
  };
}

/** "127.0.0.1:9000" or "[::1]:9000" as a host and a port; null if neither. */
export function parseHostPort(text: string): Target | null {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || !(port >= 1 && port <= 65_535)) return null;
  return { host: match[1] ?? match[2] ?? "", port };
}

interface Running {
  target: Target;
  /** Closes a server started here; undefined for one elsewhere. */
  close?: () => Promise<void>;
  /** Whether a case has closed it already. */
  closed: () => boolean;
}

/** Starts a .ts file's server, or checks that something listens. */
async function reach(text: string): Promise<Running> {
  const address = parseHostPort(text);
  if (address) {
    try {
      (await connectTo(address.host, address.port)).destroy();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      throw new CliError(
        `cannot connect to ${text} (${code || (error as Error).message}): ` +
          "is the server running, on that host and port?",
      );
    }
    return { target: address, closed: () => true };
  }
  const file = resolve(text);
  if (!existsSync(file)) {
    throw new CliError(
      `"${text}" is neither HOST:PORT (e.g. 127.0.0.1:9000) nor a file`,
    );
  }
  const module = (await import(pathToFileURL(file).href)) as {
    startLineServer?: (options: object) => Promise<LineServer>;
  };
  if (typeof module.startLineServer !== "function") {
    throw new CliError(`${text} does not export a startLineServer function`);
  }
  const server = await module.startLineServer({ host: "127.0.0.1", port: 0 });
  let closed = false;
  return {
    target: { host: server.host, port: server.port },
    close: () => {
      closed = true;
      return server.close();
    },
    closed: () => closed,
  };
}

function report(result: CaseResult, shown: string): string[] {
  const time = formatMs(result.ms);
  if (result.failure === null) return [`✓ ${result.id}  ${time}`];
  if (result.failure === "skipped") {
    return [
      `- ${result.id}  skipped: it stops the server, so it needs a .ts file`,
    ];
  }
  return [
    `✗ ${result.id}  ${time}`,
    `    ${result.failure.message}`,
    `    replay: ${replayCommand(shown, result.id)}`,
    `    hint: ${HINTS}, Hint ${result.failure.hint}`,
  ];
}

async function main(): Promise<void> {
  const args = parseConformanceArgs(process.argv.slice(2), process.env);
  if (args === null) {
    console.log(helpText(CONFORMANCE_COMMAND));
    return;
  }
  if (args === "list") {
    for (const c of CASES) console.log(`${c.id.padEnd(13)} ${c.about}`);
    return;
  }
  const cases = selectCases(args.caseId);
  const running = await reach(args.target);
  const where = `${running.target.host}:${running.target.port}`;
  console.log(
    `The ${args.suite} protocol, ${cases.length} case(s), against ${where}` +
      (running.close ? ` (${args.target}, started here)` : ""),
  );
  let results: CaseResult[];
  try {
    results = await runCases(
      cases,
      {
        target: running.target,
        clients: args.clients,
        ...(running.close && { close: running.close }),
      },
      (result) => console.log(report(result, args.target).join("\n")),
    );
  } finally {
    if (running.close && !running.closed()) {
      void running.close().catch(() => {});
    }
  }
  const failed = results.filter(
    (r) => r.failure !== null && r.failure !== "skipped",
  );
  const skipped = results.filter((r) => r.failure === "skipped");
  const passed = results.length - failed.length - skipped.length;
  console.log(
    `${passed} passed, ${failed.length} failed, ${skipped.length} skipped`,
  );
  console.log(
    JSON.stringify({
      suite: args.suite,
      target: args.target,
      passed,
      failed: failed.length,
      skipped: skipped.length,
      failures: failed.map((r) => r.id),
    }),
  );
  if (failed.length > 0) process.exitCode = 1;
  // A server started here may hold connections its close() never ends.
  if (running.close) setTimeout(() => process.exit(), 2000).unref();
}

if (import.meta.main) await runCli(main);
