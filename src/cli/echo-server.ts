// `npm run echo-server -- [--port N] ...`: lesson 9's echo server as a tool.
// It prints where it listens and a line per connection; Ctrl-C (or SIGTERM)
// stops accepting, ends every connection, waits for the clients to close
// (destroying those that do not within the grace period), prints a JSON
// summary as its last line and exits 0.
import {
  startEchoServer,
  type ConnectionEvent,
  type EchoServer,
} from "../../lessons/09-echo-server/echo-server.ts";
import {
  defineCommand,
  helpText,
  parseCommand,
  usageError,
  UsageError,
} from "./args.ts";

const DEFAULT_PORT = 8888;

export const ECHO_SERVER_COMMAND = defineCommand({
  command: "npm run echo-server",
  usage: "[--port N] [--host H] [options]",
  summary:
    "Lesson 9's TCP echo server: every byte a client sends comes back to it.\n" +
    "Many clients at once; a client's half-close is honoured.",
  options: {
    host: {
      type: "string",
      value: "H",
      example: "127.0.0.1",
      description:
        "interface to listen on (default 127.0.0.1, this machine only;\n" +
        "0.0.0.0 for every interface)",
    },
    port: {
      type: "string",
      value: "N",
      example: String(DEFAULT_PORT),
      description: `port (default ${DEFAULT_PORT}, the asyncio tutorial's; 0 picks a free one)`,
    },
    "max-connections": {
      type: "string",
      value: "N",
      example: "1000",
      description:
        "connections open at once before new ones are dropped\n" +
        "(default 1000, 1 to 100000)",
    },
    "idle-timeout": {
      type: "string",
      value: "S",
      example: "300",
      description:
        "end a connection silent for S seconds (default 300, 1 to 86400)",
    },
    grace: {
      type: "string",
      value: "S",
      example: "2",
      description:
        "on Ctrl-C, seconds the clients have to close their side before\n" +
        "they are cut off (default 2, 0 to 60)",
    },
    log: {
      type: "string",
      value: "N",
      example: "100",
      description:
        "a line for each of the first N connections, then counts once a\n" +
        "second (default 100; 0 for counts only)",
    },
  },
  examples: [
    "npm run echo-server",
    "npm run echo-server -- --port 0 --log 0",
    "python3 lessons/09-echo-server/asyncio/echo_client.py",
  ],
  notes: [
    "Ctrl-C (or SIGTERM) stops accepting, ends every connection (what is",
    "queued is sent first), waits up to --grace seconds for the clients to",
    "close, prints a JSON summary as its last line and exits 0. A second",
    "Ctrl-C exits at once.",
  ],
});

export interface EchoServerFlags {
  host: string;
  port: number;
  maxConnections: number;
  idleTimeoutS: number;
  graceS: number;
  log: number;
}

function integer(
  name: string,
  raw: string | undefined,
  fallback: number,
  [min, max]: [number, number],
): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (value >= min && value <= max) return value;
  throw usageError(
    ECHO_SERVER_COMMAND,
    `--${name} must be a whole number from ${min} to ${max}, got '${raw}'`,
  );
}

/** The flags of `argv`, with their defaults; null for --help. Throws a
 * UsageError (exit code 2) for a mistake. */
export function parseFlags(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): EchoServerFlags | null {
  const { help, values } = parseCommand(ECHO_SERVER_COMMAND, argv, env);
  if (help) return null;
  return {
    host: values.host ?? "127.0.0.1",
    port: integer("port", values.port, DEFAULT_PORT, [0, 65_535]),
    maxConnections: integer(
      "max-connections",
      values["max-connections"],
      1000,
      [1, 100_000],
    ),
    idleTimeoutS: integer(
      "idle-timeout",
      values["idle-timeout"],
      300,
      [1, 86_400],
    ),
    graceS: integer("grace", values.grace, 2, [0, 60]),
    log: integer("log", values.log, 100, [0, 1_000_000]),
  };
}

/** Why the server could not listen, and what to do, in words. */
export function listenAdvice(
  error: NodeJS.ErrnoException,
  { host, port }: Pick<EchoServerFlags, "host" | "port">,
): string | undefined {
  switch (error.code) {
    case "EADDRINUSE":
      return (
        `port ${port} on ${host} is already in use (EADDRINUSE): another ` +
        `program listens there, perhaps another echo server ` +
        `(\`ss -ltnp 'sport = :${port}'\` shows which).\n` +
        `Stop it, or choose another port with --port N ` +
        `(--port 0 picks a free one).`
      );
    case "EACCES":
      return (
        `port ${port} needs privileges this user does not have (EACCES): ` +
        "choose a port above 1023 with --port N."
      );
    case "EADDRNOTAVAIL":
      return (
        `${host} is not an address of this machine (EADDRNOTAVAIL): use ` +
        "--host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)."
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host name ${host} does not resolve (${error.code}): use --host 127.0.0.1.`;
    default:
      return undefined;
  }
}

const KiB = 1024;

function bytesText(bytes: number): string {
  if (bytes < KiB) return `${bytes} bytes`;
  if (bytes < KiB * KiB) return `${(bytes / KiB).toFixed(1)} KiB`;
  return `${(bytes / KiB / KiB).toFixed(1)} MiB`;
}

/** A line per connection for the first `limit`, then counts once a second. */
function connectionLog(limit: number, print: (line: string) => void) {
  let logged = 0;
  // The connections whose opening was printed: their closing is, too.
  const shown = new Set<string>();
  let stopped = false;
  let countsTimer: NodeJS.Timeout | undefined;
  let server: EchoServer | undefined;
  const printCounts = (): void => {
    if (!server) return;
    const { open, peak, total, bytes } = server.stats();
    print(
      `${open} open, ${peak} at the peak, ${total} in all, ${bytesText(bytes)} echoed`,
    );
  };
  return {
    attach(running: EchoServer): void {
      server = running;
    },
    onConnection(event: ConnectionEvent): void {
      if (stopped) return;
      if (event.kind === "open" && logged >= limit) {
        // Past the limit: counts, at most once a second, while there is news.
        countsTimer ??= setTimeout(() => {
          countsTimer = undefined;
          printCounts();
        }, 1000);
        return;
      }
      if (event.kind === "open") {
        logged++;
        shown.add(event.peer);
        print(`+ ${event.peer} (${event.open} open)`);
        if (logged === limit) {
          print(`(that is ${limit}: from now on, counts once a second)`);
        }
      } else if (shown.delete(event.peer)) {
        print(
          `- ${event.peer}, ${bytesText(event.bytes)} (${event.open} open)`,
        );
      }
    },
    /** No more lines: the closing report says how they ended. */
    stop(): void {
      stopped = true;
      clearTimeout(countsTimer);
    },
  };
}

async function main(): Promise<void> {
  let flags: EchoServerFlags | null;
  try {
    flags = parseFlags(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(error.exitCode);
  }
  if (flags === null) {
    console.log(helpText(ECHO_SERVER_COMMAND));
    return;
  }
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const log = connectionLog(flags.log, print);
  let server: EchoServer;
  try {
    server = await startEchoServer({
      host: flags.host,
      port: flags.port,
      maxConnections: flags.maxConnections,
      idleTimeoutMs: flags.idleTimeoutS * 1000,
      onConnection: (event) => log.onConnection(event),
    });
  } catch (error) {
    const advice = listenAdvice(error as NodeJS.ErrnoException, flags);
    if (advice === undefined) throw error;
    console.error(`Cannot start: ${advice}`);
    process.exit(1);
  }
  log.attach(server);
  print(
    `Echo server listening on ${server.host}:${server.port} ` +
      `(at most ${flags.maxConnections} connections; Ctrl-C stops it)`,
  );

  const stop = async (): Promise<void> => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    // A second signal while closing: leave now.
    const now = (): never => {
      console.error("Interrupted again: exiting without waiting.");
      process.exit(130);
    };
    process.once("SIGINT", now);
    process.once("SIGTERM", now);
    const open = server.stats().open;
    print(
      `Closing: stopped accepting; ending ${open} connection(s), ` +
        `${flags.graceS} s for their clients to close…`,
    );
    log.stop();
    const { ended, destroyed } = await server.close(flags.graceS * 1000);
    const { total, peak, dropped, bytes } = server.stats();
    print(`Closed: ${ended} ended cleanly, ${destroyed} cut off.`);
    print(
      JSON.stringify({
        address: `${server.host}:${server.port}`,
        connections: total,
        peakOpen: peak,
        dropped,
        bytes,
        ended,
        destroyed,
      }),
    );
    process.off("SIGINT", now);
    process.off("SIGTERM", now);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.main) await main();
