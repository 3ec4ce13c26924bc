// Mistake: serves the connections one after the other, awaiting each one's close before it takes the next, so every other client waits.
// Rejected for: one client at a time
import { on, once } from "node:events";
import { createServer, type Socket } from "node:net";
import { listenOn, type LineServer, type ListenOptions } from "../protocol.ts";
import { closeGracefully, replier, serveLines } from "../solution.ts";
import type { Connection, Replier } from "../solution.ts";

export type { Connection, LineServer, ListenOptions, Replier };
export { closeGracefully, replier, serveLines };

export async function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  const server = createServer({ allowHalfOpen: true });
  const running = await listenOn(server, options, () =>
    closeGracefully(server, connections),
  );
  // An accept loop, as in a blocking server: take a connection, serve it
  // to the end, then take the next.
  void (async () => {
    const accepted = on(server, "connection", { close: ["close"] });
    for await (const [socket] of accepted as AsyncIterable<[Socket]>) {
      const connection = serveLines(socket);
      connections.add(connection);
      await once(socket, "close");
      connections.delete(connection);
    }
  })();
  return running;
}
