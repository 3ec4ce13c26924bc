// `npm run doctor [-- --connections N]`: checks this machine before the
// ten-thousand-connections lab (Node's version, the open-file limits, free
// ephemeral ports and ports held in TIME_WAIT, the listen backlog, memory,
// python3, how busy the cores are) and says what to change, in words.
// Exits with 1 when something must change first.
import { diagnose, readMachineFacts, report } from "../lib/machine-check.ts";
import { LISTEN_BACKLOG } from "../server/index.ts";
import { defineCommand, readCommandLine, usageError } from "./args.ts";
import { runCli } from "./cli-error.ts";

export const DOCTOR_COMMAND = defineCommand({
  command: "npm run doctor",
  usage: "[--connections N] [--json]",
  summary:
    "Checks this machine for the ten-thousand-connections lab: Node's\n" +
    "version, the open-file limits, free ephemeral ports and those held in\n" +
    "TIME_WAIT, the listen backlog, memory, python3 and how busy the cores\n" +
    "are; says what to change, and exits with 1 if something must change.",
  options: {
    connections: {
      type: "string",
      short: "c",
      value: "N",
      example: "10000",
      description: "the connections to check for (default 10,000)",
    },
    json: {
      type: "boolean",
      description: "print the findings as one JSON object instead",
    },
  },
  examples: ["npm run doctor", "npm run doctor -- --connections 50000"],
});

async function main(): Promise<void> {
  const parsed = readCommandLine(DOCTOR_COMMAND);
  if (parsed === undefined) return;
  const raw = parsed.values.connections ?? "10000";
  const connections = Number(raw.replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(connections) || connections < 1) {
    throw usageError(
      DOCTOR_COMMAND,
      `--connections must be a whole number, not '${raw}'`,
    );
  }
  const wanted = { connections, backlog: LISTEN_BACKLOG };
  const findings = diagnose(readMachineFacts(), wanted);
  if (parsed.values.json === true) {
    console.log(JSON.stringify({ connections, findings }));
  } else {
    console.log(
      `Checking this machine for ${connections.toLocaleString("en-US")} connections:`,
    );
    for (const line of report(findings, wanted)) console.log(line);
  }
  if (findings.some((f) => f.status === "fail")) process.exitCode = 1;
}

if (import.meta.main) await runCli(main);
