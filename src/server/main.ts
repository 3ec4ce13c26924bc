// `npm run server -- --host H --port P --echo-port E`: the bundled server on
// fixed ports, for trying routes by hand or running lessons against it.
import {
  defineCommand,
  helpText,
  parseCommand,
  UsageError,
} from "../cli/args.ts";
import { ListenError, PortInUseError, startServer } from "./index.ts";
import { ROUTES } from "./routes.ts";

const USAGE = `Usage: npm run server -- [--host H] [--port P] [--echo-port E]
  --host       interface to bind (default 127.0.0.1)
  --port       HTTP port (default 8080; 0 picks a free one)
  --echo-port  TCP echo port (default 8081; 0 picks a free one)`;

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function portFlag(name: string, raw: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (port >= 0 && port <= 65_535) return port;
  return usageError(
    `--${name} must be a port number from 0 to 65535, got '${raw}'`,
  );
}

const SERVER_COMMAND = defineCommand({
  command: "npm run server",
  usage: "[--host HOST] [--port PORT] [--echo-port PORT]",
  summary:
    "The bundled server on fixed ports, for trying routes by hand or for\n" +
    "lessons run with --server URL. Ctrl-C stops it.",
  options: {
    host: {
      type: "string",
      value: "HOST",
      example: "127.0.0.1",
      description: "interface to bind (default 127.0.0.1)",
    },
    port: {
      type: "string",
      value: "PORT",
      example: "8080",
      description: "HTTP port (default 8080; 0 picks a free one)",
    },
    "echo-port": {
      type: "string",
      value: "PORT",
      example: "8081",
      description: "TCP echo port (default 8081; 0 picks a free one)",
    },
  },
});

function readFlags(): { host: string; port: number; echoPort: number } {
  let parsed;
  try {
    parsed = parseCommand(SERVER_COMMAND, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(error.exitCode);
  }
  if (parsed.help) {
    console.log(helpText(SERVER_COMMAND));
    process.exit(0);
  }
  const {
    host = "127.0.0.1",
    port = "8080",
    "echo-port": echoPort = "8081",
  } = parsed.values;
  return {
    host,
    port: portFlag("port", port),
    echoPort: portFlag("echo-port", echoPort),
  };
}

const flags = readFlags();
let server;
try {
  server = await startServer(flags);
} catch (error) {
  if (error instanceof ListenError) {
    console.error(`Cannot start: ${error.message}; ${error.advice}.`);
    process.exit(1);
  }
  if (!(error instanceof PortInUseError)) throw error;
  const flag = error.service === "HTTP" ? "--port" : "--echo-port";
  console.error(
    `Cannot start: ${error.message}.\n` +
      `Stop whatever is using it, or choose another with ${flag} <n> ` +
      `(${flag} 0 picks a free one).`,
  );
  process.exit(1);
}

const running = server;
console.log(`Async I/O Workshop server
  HTTP  ${running.url}
  echo  tcp://${running.host}:${running.echoPort}
Routes: ${ROUTES.map((r) => r.pattern).join(" ")} /stats (GET ${running.url}/ describes them)
Press Ctrl-C to stop.`);

function stop(): void {
  // A second Ctrl-C while closing falls back to Node's default: exit now.
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  void running.close().then(() => console.log("Server stopped."));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
