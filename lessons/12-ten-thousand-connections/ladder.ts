// What each saving of the lean client is worth: the same run, once per
// rung, each rung adding one saving to the one before, each client in a
// fresh process of its own against one bundled server.
import {
  LEAN_FLAGS,
  startClientProcess,
  type Summary,
} from "./client-process.ts";
import {
  LEAN,
  NAIVE,
  pauseOfKeepalive,
  type Lean,
} from "./keepalive-client.ts";
import { watchProcess, type Watched } from "./process-watch.ts";
import { startServerProcess } from "./server-process.ts";

export interface Rung {
  name: string;
  lean: Lean;
  nodeFlags: readonly string[];
  asTypeScript?: boolean;
}

export const RUNGS: readonly Rung[] = [
  {
    name: "naive, run as TypeScript",
    lean: NAIVE,
    nodeFlags: [],
    asTypeScript: true,
  },
  { name: "naive, as plain JavaScript", lean: NAIVE, nodeFlags: [] },
  {
    name: "+ request buffer, byte scanner",
    lean: { ...NAIVE, requestBuffer: true, byteScanner: true },
    nodeFlags: [],
  },
  {
    name: "+ onread, one shared buffer",
    lean: { ...LEAN, timerWheel: false },
    nodeFlags: [],
  },
  { name: "+ one timer wheel", lean: LEAN, nodeFlags: [] },
  {
    name: "+ a 1 MiB young generation",
    lean: LEAN,
    nodeFlags: ["--max-semi-space-size=1"],
  },
  { name: "+ no optimizing compilers", lean: LEAN, nodeFlags: LEAN_FLAGS },
];

export interface RungResult {
  rung: Rung;
  summary: Summary;
  watched: Watched;
  /** Resident memory over the run: [ms, MiB]. */
  rss: [number, number][];
}

export interface LadderOptions {
  connections: number;
  seconds: number;
  /** New connections per second. */
  rate: number;
  keepalive: number;
  rungs?: readonly Rung[];
}

export async function climb(options: LadderOptions): Promise<RungResult[]> {
  const server = await startServerProcess();
  const results: RungResult[] = [];
  try {
    for (const rung of options.rungs ?? RUNGS) {
      const client = startClientProcess(
        {
          url: `${server.url}/`,
          connections: options.connections,
          seconds: options.seconds,
          rate: options.rate,
          pause: pauseOfKeepalive(options.keepalive),
          lean: rung.lean,
          reportMs: 250,
        },
        {
          nodeFlags: rung.nodeFlags,
          ...(rung.asTypeScript && { asTypeScript: true }),
        },
      );
      const rss: [number, number][] = [];
      const [watched, summary] = await Promise.all([
        watchProcess(client.child, 100, (ms, mb) => rss.push([ms, mb])),
        client.done,
      ]);
      results.push({ rung, summary, watched, rss });
      // The next rung starts with the server holding nothing.
      while ((await server.openConnections()) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return results;
  } finally {
    await server.close();
  }
}
