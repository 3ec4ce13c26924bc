// TIME_WAIT, measured: whichever end of a TCP connection closes first keeps
// a socket in TIME_WAIT for a minute after, to catch the other end's late
// packets. On the client, that socket holds an ephemeral port.
import { once } from "node:events";
import { connect } from "node:net";
import {
  readTcpTable,
  TICKS_PER_SECOND,
  type TcpEntry,
} from "../../src/lib/linux-proc.ts";
import { startServer } from "../../src/server/index.ts";

export interface TimeWaitCount {
  /** Sockets in TIME_WAIT on the client's end (each holds a port). */
  clientSide: number;
  /** On the server's end (all on its one listening port). */
  serverSide: number;
  /** The longest the kernel will still keep one of them, in ms. */
  longestLeftMs: number;
}

/** One HEAD on a fresh connection; `close` says who closes it first. */
async function headOnce(
  port: number,
  close: "client" | "server",
): Promise<number> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const localPort = socket.localPort ?? 0;
  const asks = close === "server" ? "Connection: close\r\n" : "";
  socket.write(`HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n${asks}\r\n`);
  await once(socket, "data");
  // The client's end() sends its FIN first; with Connection: close the
  // server sends its FIN after the response, and ours only answers it.
  if (close === "client") socket.end();
  await once(socket, "close");
  return localPort;
}

/**
 * Counts the TIME_WAIT sockets of the connections between the server's
 * `port` and the client's `clientPorts` (other programs' connections may
 * have used the same port numbers a minute ago).
 */
export function countTimeWait(
  port: number,
  clientPorts: ReadonlySet<number>,
): TimeWaitCount | null {
  const table = readTcpTable();
  if (table === null) return null;
  const ours = (s: TcpEntry): boolean =>
    (s.remotePort === port && clientPorts.has(s.localPort)) ||
    (s.localPort === port && clientPorts.has(s.remotePort));
  const waiting = table.filter((s) => s.state === "TIME_WAIT" && ours(s));
  return {
    clientSide: waiting.filter((s) => s.remotePort === port).length,
    serverSide: waiting.filter((s) => s.localPort === port).length,
    longestLeftMs: Math.max(
      0,
      ...waiting.map((s) => (s.timerTicks * 1000) / TICKS_PER_SECOND),
    ),
  };
}

// #region time-wait
/** Opens `count` connections one HEAD each, closed by `close`, against a
 * fresh server; answers where their TIME_WAIT sockets are. */
export async function closeFirst(
  count: number,
  close: "client" | "server",
): Promise<TimeWaitCount | null> {
  const server = await startServer({ port: 0, echoPort: 0 });
  try {
    const clientPorts = new Set(
      await Promise.all(
        Array.from({ length: count }, () => headOnce(server.port, close)),
      ),
    );
    // The last FINs may still be on their way: wait until all are counted.
    const deadline = performance.now() + 2000;
    let counted = countTimeWait(server.port, clientPorts);
    while (
      counted !== null &&
      counted.clientSide + counted.serverSide < count &&
      performance.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      counted = countTimeWait(server.port, clientPorts);
    }
    return counted;
  } finally {
    await server.close();
  }
}
// #endregion
