// `reusePort` (Node 23.1 and later, Linux 3.9+ and a few BSDs): processes
// that are not a cluster share one port, and the kernel, not a primary
// process, hands each new connection to one of them.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { runLoad } from "./loadgen.ts";

const CHILD = new URL("./reuse-port-child.ts", import.meta.url).pathname;

interface Child {
  process: ChildProcessWithoutNullStreams;
  first: { port?: number; error?: string };
  next: () => Promise<string>;
}

async function start(port: number, reuse: boolean): Promise<Child> {
  const child = spawn(process.execPath, [
    CHILD,
    String(port),
    ...(reuse ? [] : ["--no-reuse"]),
  ]);
  const lines = createInterface({ input: child.stdout })[
    Symbol.asyncIterator
  ]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error("reuse-port-child.ts closed its output");
    return line.value;
  };
  const first = JSON.parse(await next()) as Child["first"];
  return { process: child, first, next };
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = once(child.process, "exit");
  child.process.stdin.end();
  await exited;
}

export interface ReusePortReport {
  /** What a second process got without `reusePort`, e.g. EADDRINUSE. */
  withoutReuse: string;
  /** Requests each of the two processes answered. */
  perProcess: number[];
  connections: number;
}

export async function shareOnePort(
  connections: number,
  requests: number,
): Promise<ReusePortReport> {
  const children: Child[] = [];
  try {
    const first = await start(0, true);
    children.push(first);
    const port = first.first.port;
    if (port === undefined) {
      throw new Error(`reusePort is not supported here: ${first.first.error}`);
    }
    const refused = await start(port, false);
    children.push(refused);
    const second = await start(port, true);
    children.push(second);
    await runLoad({
      url: `http://127.0.0.1:${port}/`,
      connections,
      requests,
    });
    const perProcess = await Promise.all(
      [first, second].map(async (child) => {
        child.process.stdin.write("count\n");
        return Number(await child.next());
      }),
    );
    return {
      withoutReuse: refused.first.error ?? `listened on ${refused.first.port}`,
      perProcess,
      connections,
    };
  } finally {
    await Promise.all(children.map(stop));
  }
}
