// Reading the Linux files that say what a process and the kernel hold: open
// files and their limit, TCP sockets and their states, memory and CPU time.
// Each parser takes the file's text, so that tests can feed it fixtures;
// `readProc` reads a file and answers null where there is no such file
// (macOS, Windows, or a process that has exited).
import { readdirSync, readFileSync } from "node:fs";

/** Reads a file under /proc, or null if it cannot be read. */
export function readProc(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Soft and hard limits of one resource; "unlimited" is Infinity. */
export interface Limit {
  soft: number;
  hard: number;
}

function limitValue(text: string): number {
  if (text === "unlimited") return Number.POSITIVE_INFINITY;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`not a limit: ${JSON.stringify(text)}`);
  }
  return value;
}

/** The open-file limit from a `/proc/<pid>/limits` table. */
export function parseFileLimit(table: string): Limit | null {
  // The line reads: "Max open files   <soft>   <hard>   files".
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(table);
  if (line === null) return null;
  return { soft: limitValue(line[1] ?? ""), hard: limitValue(line[2] ?? "") };
}

/** `/proc/sys/net/ipv4/ip_local_port_range`: the ports connect() picks. */
export interface PortRange {
  low: number;
  high: number;
  /** How many ports that is. */
  count: number;
}

export function parsePortRange(text: string): PortRange {
  const [low, high] = text.trim().split(/\s+/).map(Number);
  if (
    low === undefined ||
    high === undefined ||
    !Number.isInteger(low) ||
    !Number.isInteger(high) ||
    high < low
  ) {
    throw new Error(`not a port range: ${JSON.stringify(text)}`);
  }
  return { low, high, count: high - low + 1 };
}

/** A single number, as in /proc/sys/net/core/somaxconn. */
export function parseNumber(text: string): number {
  const value = Number(text.trim());
  if (!Number.isFinite(value)) {
    throw new Error(`not a number: ${JSON.stringify(text)}`);
  }
  return value;
}

/** The names of the TCP states as /proc/net/tcp numbers them. */
const TCP_STATES: Record<number, string> = {
  1: "ESTABLISHED",
  2: "SYN_SENT",
  3: "SYN_RECV",
  4: "FIN_WAIT1",
  5: "FIN_WAIT2",
  6: "TIME_WAIT",
  7: "CLOSE",
  8: "CLOSE_WAIT",
  9: "LAST_ACK",
  10: "LISTEN",
  11: "CLOSING",
};

/** One line of /proc/net/tcp or /proc/net/tcp6. */
export interface TcpEntry {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: string;
  /** The socket's pending timer, in clock ticks (TICKS_PER_SECOND a
   * second): for TIME_WAIT, how long until the kernel frees it. 0 if none. */
  timerTicks: number;
}

/** "0100007F" (IPv4, stored little-endian) as "127.0.0.1". */
function ipv4(hex: string): string {
  const bytes = [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return bytes.join(".");
}

/**
 * An address of /proc/net/tcp6 (four little-endian 32-bit words). An IPv4
 * address mapped into IPv6 comes out as plain IPv4, the way Node shows it.
 */
function ipv6(hex: string): string {
  const words = [0, 8, 16, 24].map((at) => hex.slice(at, at + 8));
  const bytes = words.flatMap((word) =>
    [6, 4, 2, 0].map((at) => parseInt(word.slice(at, at + 2), 16)),
  );
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

function endpoint(text: string): { address: string; port: number } {
  const [hex = "", port = ""] = text.split(":");
  return {
    address: hex.length === 8 ? ipv4(hex) : ipv6(hex),
    port: parseInt(port, 16),
  };
}

/** Every socket listed in the text of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const local = endpoint(fields[1] ?? "");
    const remote = endpoint(fields[2] ?? "");
    const state = parseInt(fields[3] ?? "", 16);
    // "tr:tm->when": which timer runs, and the ticks until it fires.
    const [timer = "0", when = "0"] = (fields[5] ?? "").split(":");
    entries.push({
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: TCP_STATES[state] ?? `state ${state}`,
      timerTicks: parseInt(timer, 16) === 0 ? 0 : parseInt(when, 16) || 0,
    });
  }
  return entries;
}

/** Every TCP socket of this network namespace, IPv4 and IPv6. */
export function readTcpTable(): TcpEntry[] | null {
  const v4 = readProc("/proc/net/tcp");
  if (v4 === null) return null;
  return [
    ...parseProcNetTcp(v4),
    ...parseProcNetTcp(readProc("/proc/net/tcp6") ?? ""),
  ];
}

/** Memory lines of `/proc/<pid>/status`, in KiB. */
export interface ProcessMemory {
  /** Resident now. */
  rssKb: number;
  /** The most it has been resident (the high-water mark). */
  hwmKb: number;
}

export function parseStatus(text: string): ProcessMemory | null {
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(text)?.[1];
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text)?.[1];
  if (rss === undefined || hwm === undefined) return null;
  return { rssKb: Number(rss), hwmKb: Number(hwm) };
}

/** CPU time from `/proc/<pid>/stat`, in clock ticks. */
export interface ProcessCpu {
  /** User and system time of the process itself. */
  ownTicks: number;
  /** User and system time of its children that it has waited for. */
  childrenTicks: number;
}

export function parseStat(text: string): ProcessCpu | null {
  // The command name is in parentheses and may hold spaces: count the
  // fields after its closing parenthesis. utime is field 14 of the line.
  const close = text.lastIndexOf(")");
  if (close === -1) return null;
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/)
    .map(Number);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15);
  if (
    utime === undefined ||
    stime === undefined ||
    cutime === undefined ||
    cstime === undefined
  ) {
    return null;
  }
  return { ownTicks: utime + stime, childrenTicks: cutime + cstime };
}

/**
 * Clock ticks per second of /proc's CPU times (USER_HZ): 100 on every
 * Linux architecture Node runs on.
 */
export const TICKS_PER_SECOND = 100;

/** Fields of /proc/meminfo, in KiB. */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const match of text.matchAll(/^(\w+(?:\(\w+\))?):\s+(\d+)/gm)) {
    fields.set(match[1] ?? "", Number(match[2]));
  }
  return fields;
}

/** How many descriptors process `pid` has open, or null where unknown. */
export function openFileCount(pid: number | "self" = "self"): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** One cache of `/proc/slabinfo`: how many objects are in use, how big. */
export interface SlabCache {
  activeObjects: number;
  objectSize: number;
}

/** The caches of /proc/slabinfo by name (it needs root on most systems). */
export function parseSlabinfo(text: string): Map<string, SlabCache> {
  const caches = new Map<string, SlabCache>();
  for (const line of text.split("\n")) {
    if (line.startsWith("slabinfo") || line.startsWith("#")) continue;
    const [name, active, , size] = line.trim().split(/\s+/);
    if (name === undefined || size === undefined) continue;
    caches.set(name, {
      activeObjects: Number(active),
      objectSize: Number(size),
    });
  }
  return caches;
}
