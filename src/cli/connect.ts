// The server a command talks to: the bundled one, started in a child process
// on free ports, or one already running that the user names with
// `--server URL`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { serverClient } from "../server/client.ts";
import { ECHO_PORT_HEADER, type ServerClient } from "../server/types.ts";
import { CliError } from "./cli-error.ts";

export interface Connection {
  client: ServerClient;
  /** Stops the server if this command started it. */
  close(): Promise<void>;
}

const REACHABLE_WITHIN_MS = 2000;
const SERVER_CHILD = new URL("./server-child.ts", import.meta.url);

export async function connect(serverUrl?: string): Promise<Connection> {
  if (serverUrl === undefined) return startServerProcess();
  const url = serverUrl.replace(/\/+$/, "");
  const echoPort = await echoPortOf(url);
  const echo = { host: new URL(url).hostname, port: echoPort };
  return { client: serverClient(url, echo), close: async () => {} };
}

interface ChildAddress {
  url: string;
  host: string;
  echoPort: number;
}

async function startServerProcess(): Promise<Connection> {
  const child = spawn(process.execPath, [SERVER_CHILD.pathname], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(
      `the bundled server exited before it started (code ${code})`,
    );
  });
  const [line] = (await Promise.race([once(lines, "line"), exited])) as [
    string,
  ];
  lines.close();
  const address = JSON.parse(line) as ChildAddress;
  const client = serverClient(address.url, {
    host: address.host,
    port: address.echoPort,
  });
  // The first request of a process pays for loading the HTTP client; pay it
  // here so that it does not show up in the first run's timings.
  await client.stats();
  exited.catch(() => {});
  return {
    client,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, "exit");
      child.stdin.end();
      await gone;
    },
  };
}

/** Checks that `url` is a workshop server, and reads its echo server's port. */
async function echoPortOf(url: string): Promise<number> {
  const advice =
    "start it in another terminal with npm run server (it prints its URL),\n" +
    "or leave out --server and the command starts a server of its own";
  let response: Response;
  try {
    response = await fetch(`${url}/stats`, {
      signal: AbortSignal.timeout(REACHABLE_WITHIN_MS),
    });
    await response.body?.cancel();
  } catch {
    throw new CliError(`no server answers at ${url}: ${advice}`);
  }
  if (!response.ok) {
    throw new CliError(
      `${url} answered GET /stats with ${response.status}; is it the workshop server? If not, ${advice}`,
    );
  }
  const echoPort = Number(response.headers.get(ECHO_PORT_HEADER));
  if (!Number.isInteger(echoPort) || echoPort <= 0) {
    throw new CliError(
      `${url} did not name its echo server's port (${ECHO_PORT_HEADER}); is it the workshop server? If not, ${advice}`,
    );
  }
  return echoPort;
}
