// How much does `write()` take before it says "enough"? Writes fresh 64 KiB
// chunks to a reader that reads nothing, until `write()` returns false; then
// lets the reader read, and sees when 'drain' comes.
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface UntilFalse {
  /** Bytes `write()` took, counting the chunk it answered false to. */
  accepted: number;
  /** Node's own buffer (`writableLength`) when `write()` returned false. */
  bufferedAtFalse: number;
  /** Node's own buffer when 'drain' was emitted. */
  bufferedAtDrain: number;
  highWaterMark: number;
}

const CHUNK = 64 * 1024;

export async function writeUntilFalse(): Promise<UntilFalse> {
  let peer: Socket | undefined;
  const server = createServer((socket) => {
    // Read nothing yet: everything sent piles up on the way.
    socket.pause();
    peer = socket;
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, "127.0.0.1");
  try {
    await once(socket, "connect");
    // #region until-false
    let accepted = 0;
    let roomLeft = true;
    while (roomLeft) {
      roomLeft = socket.write(Buffer.alloc(CHUNK, accepted % 251));
      accepted += CHUNK;
    }
    const bufferedAtFalse = socket.writableLength;
    // Now let the reader read; 'drain' says the buffer has room again.
    while (!peer) await new Promise((resolve) => setImmediate(resolve));
    peer.resume();
    await once(socket, "drain");
    const bufferedAtDrain = socket.writableLength;
    // #endregion until-false
    return {
      accepted,
      bufferedAtFalse,
      bufferedAtDrain,
      highWaterMark: socket.writableHighWaterMark,
    };
  } finally {
    socket.destroy();
    peer?.destroy();
    server.close();
  }
}
