// The limits a machine puts on connections, read where the kernel keeps
// them, and the open-file limit as each kind of process ends up with it.
import { execFileSync } from "node:child_process";
import {
  parseFileLimit,
  parseNumber,
  parsePortRange,
  readProc,
  type Limit,
  type PortRange,
} from "../../src/lib/linux-proc.ts";
import { LISTEN_BACKLOG } from "../../src/server/index.ts";

export interface Limits {
  /** This Node process's open-file limit. */
  own: Limit | null;
  /** A Node child started under `ulimit -Sn 1024`. */
  nodeChild: Limit | null;
  /** A Python child started the same way, or null without python3. */
  pythonChild: Limit | null;
  ports: PortRange | null;
  somaxconn: number | null;
  serverBacklog: number;
  /** net.ipv4.tcp_tw_reuse: 0 never, 1 always, 2 on loopback only. */
  twReuse: number | null;
}

// #region child-limit
/** The open-file limit a program sees when its shell's soft limit is
 * `soft`: it reads the limit of its own process from /proc. */
function childLimit(program: string, args: string[], soft: number) {
  try {
    const table = execFileSync(
      "sh",
      ["-c", `ulimit -Sn ${soft} && exec "$0" "$@"`, program, ...args],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return parseFileLimit(table);
  } catch {
    return null;
  }
}
// #endregion

const NODE_PRINTS = `process.stdout.write(require("fs").readFileSync("/proc/self/limits", "utf8"))`;
const PYTHON_PRINTS = `print(open("/proc/self/limits").read())`;

function number(path: string): number | null {
  const text = readProc(path);
  return text === null ? null : parseNumber(text);
}

export function readLimits(shellSoft = 1024): Limits {
  const range = readProc("/proc/sys/net/ipv4/ip_local_port_range");
  return {
    own: parseFileLimit(readProc("/proc/self/limits") ?? ""),
    nodeChild: childLimit(process.execPath, ["-e", NODE_PRINTS], shellSoft),
    pythonChild: childLimit("python3", ["-c", PYTHON_PRINTS], shellSoft),
    ports: range === null ? null : parsePortRange(range),
    somaxconn: number("/proc/sys/net/core/somaxconn"),
    serverBacklog: LISTEN_BACKLOG,
    twReuse: number("/proc/sys/net/ipv4/tcp_tw_reuse"),
  };
}
