// A throwaway TCP server for the lesson's experiments: listens on a free
// port of 127.0.0.1, hands each connection to `onSocket`, and closes every
// connection it still has when it is closed.
import { createServer, type AddressInfo, type Socket } from "node:net";

export interface TcpServer {
  host: string;
  port: number;
  /** Stop listening and destroy every open connection. */
  close(): Promise<void>;
}

export function startTcpServer(
  onSocket: (socket: Socket) => void,
  options: { allowHalfOpen?: boolean } = {},
): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server = createServer(options, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    onSocket(socket);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { address, port } = server.address() as AddressInfo;
      resolve({
        host: address,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
