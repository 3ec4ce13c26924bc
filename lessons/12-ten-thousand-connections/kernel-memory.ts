// What the kernel holds for TCP sockets: the size of a socket's objects
// from /proc/slabinfo (the caches they come from), and from /proc/net/tcp,
// which lists each socket, the count of the run's own connections, told
// apart from other programs' by the server's port.
import {
  parseSlabinfo,
  readProc,
  readTcpTable,
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
  /** Established sockets with the server's port at one end or the other:
   * two for each connection, one per end. Null without /proc. */
  connectionEnds: number | null;
  /** The size of each cache's objects, in bytes. */
  objectBytes: Partial<Record<(typeof SOCKET_CACHES)[number], number>>;
}

export function kernelSnapshot(serverPort: number): KernelSnapshot {
  const slab = parseSlabinfo(readProc("/proc/slabinfo") ?? "");
  const objectBytes: KernelSnapshot["objectBytes"] = {};
  for (const name of SOCKET_CACHES) {
    const cache = slab.get(name);
    if (cache) objectBytes[name] = cache.objectSize;
  }
  return {
    connectionEnds: connectionEnds(serverPort),
    objectBytes,
  };
}

/** Bytes of slab objects one socket takes: the sum over SOCKET_CACHES. */
export function bytesPerSocket(snapshot: KernelSnapshot): number {
  return Object.values(snapshot.objectBytes).reduce((sum, n) => sum + n, 0);
}

function connectionEnds(port: number): number | null {
  const table = readTcpTable();
  if (table === null) return null;
  return table.filter(
    (s) =>
      s.state === "ESTABLISHED" &&
      (s.localPort === port || s.remotePort === port),
  ).length;
}
