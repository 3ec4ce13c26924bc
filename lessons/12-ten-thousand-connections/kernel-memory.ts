// What the kernel holds for TCP sockets, from /proc/slabinfo (the slab
// caches a socket's objects come from) and /proc/net/sockstat (their
// buffers). Machine-wide: other programs' sockets count too.
import {
  parseSlabinfo,
  parseSockstat,
  readProc,
  type SockStat,
} from "../../src/lib/linux-proc.ts";

// The objects a TCP socket of a process takes from the kernel's caches:
// the socket itself, its inode, the open file, the file's directory entry
// (sockets have a pseudo one), and the epoll item that watches it.
export const SOCKET_CACHES = [
  "TCP",
  "sock_inode_cache",
  "filp",
  "dentry",
  "eventpoll_epi",
] as const;

export interface KernelSnapshot {
  /** TCP (IPv4) sockets in the kernel's cache now, or null without root. */
  tcpSockets: number | null;
  /** The size of each cache's objects, in bytes. */
  objectBytes: Partial<Record<(typeof SOCKET_CACHES)[number], number>>;
  sockstat: SockStat | null;
}

export function kernelSnapshot(): KernelSnapshot {
  const slab = parseSlabinfo(readProc("/proc/slabinfo") ?? "");
  const objectBytes: KernelSnapshot["objectBytes"] = {};
  for (const name of SOCKET_CACHES) {
    const cache = slab.get(name);
    if (cache) objectBytes[name] = cache.objectSize;
  }
  return {
    tcpSockets: slab.get("TCP")?.activeObjects ?? null,
    objectBytes,
    sockstat: parseSockstat(readProc("/proc/net/sockstat") ?? ""),
  };
}

/** Bytes of slab objects one socket takes: the sum over SOCKET_CACHES. */
export function bytesPerSocket(snapshot: KernelSnapshot): number {
  return Object.values(snapshot.objectBytes).reduce((sum, n) => sum + n, 0);
}
