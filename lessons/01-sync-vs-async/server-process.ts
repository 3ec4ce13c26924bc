// The bundled server in a child process of its own. A blocking call freezes
// everything in this process, the in-process server included, so a blocking
// request must go to a server that lives somewhere else.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { serverClient } from "../../src/server/client.ts";
import type { ServerClient } from "../../src/server/types.ts";

const SERVER_MODULE = new URL("../../src/server/index.ts", import.meta.url);

// The child starts the server on free ports and prints where, on one line.
const CHILD_SCRIPT = `
const { startServer } = await import(process.argv[1]);
const server = await startServer({ port: 0, echoPort: 0 });
const { url, host, echoPort } = server;
process.stdout.write(JSON.stringify({ url, host, echoPort }) + "\\n");
// If the parent dies without stopping us, its end of stdin closes: go too.
process.stdin.on("end", () => process.exit(0)).resume();
`;

interface Listening {
  url: string;
  host: string;
  echoPort: number;
}

export interface ServerProcess {
  url: string;
  /** Reads the child server's stats over HTTP. */
  client: ServerClient;
  /** Stop the child; the kernel closes its sockets. */
  stop(): Promise<void>;
}

/** Start the bundled server in a child process; resolve once it listens. */
export async function startServerProcess(): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", CHILD_SCRIPT, SERVER_MODULE.href],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = once(child, "exit").then(() => null);
  const lines = createInterface({ input: child.stdout });
  const listening = once(lines, "line").then(([line]) => String(line));
  // Whichever comes first: where it listens, or the child dying before it listens.
  const line = await Promise.race([listening, exited]);
  lines.close();
  if (line === null) {
    throw new Error(`the server process exited (${child.exitCode}) early`);
  }
  const { url, host, echoPort } = JSON.parse(line) as Listening;
  return {
    url,
    client: serverClient(url, { host, port: echoPort }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await exited;
      }
    },
  };
}
