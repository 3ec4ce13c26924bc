// A port on 127.0.0.1 that nothing listens on: take a free one from the
// system, then let it go. Connecting to it is refused.
import net from "node:net";

export function findClosedPort(
  callback: (err: Error | null, port?: number) => void,
): void {
  const server = net.createServer();
  server.on("error", (err) => callback(err));
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as net.AddressInfo;
    server.close(() => callback(null, port));
  });
}
