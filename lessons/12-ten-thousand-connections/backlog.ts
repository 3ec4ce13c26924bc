// The listen backlog, measured: a burst of connections to a server that is
// busy and cannot accept. The kernel completes the handshake of as many as
// its accept queue holds; it drops the SYN of the others, and their
// connect() waits for the client's SYN retry, a second later.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./backlog-server.ts", import.meta.url));

export interface BacklogResult {
  backlog: number;
  /** Milliseconds from the burst to each connection's 'connect'. */
  connectMs: number[];
}

// #region burst
/** `count` connections at once to a server that listens with `backlog`
 * and cannot accept for `blockMs`. */
export async function burst(
  count: number,
  backlog: number,
  blockMs: number,
): Promise<BacklogResult> {
  const child = spawn(process.execPath, [SERVER, `${backlog}`, `${blockMs}`], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  const started = performance.now();
  const sockets: Socket[] = [];
  const connected = Array.from({ length: count }, () => {
    const socket = connect(Number(line), "127.0.0.1");
    sockets.push(socket);
    return new Promise<number>((resolve, reject) => {
      socket.once("connect", () => resolve(performance.now() - started));
      socket.once("error", reject);
    });
  });
  try {
    return { backlog, connectMs: await Promise.all(connected) };
  } finally {
    for (const socket of sockets) socket.destroy();
    const exited = once(child, "exit");
    child.stdin.end();
    await exited;
  }
}
// #endregion
