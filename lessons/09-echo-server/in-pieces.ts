// Framing over a real socket: a sender cuts a stream wherever it likes, and
// the receiver's decoder still finds every message. Each piece is sent only
// once the receiver has read the one before, so every piece is one read:
// the worst case a decoder must handle, made certain.
import type { Socket } from "node:net";
import { connectTo } from "./echo-client.ts";
import { startTcpServer } from "./tcp-server.ts";

export interface Received<T> {
  /** The chunks the receiver read, as they came. */
  reads: Buffer[];
  /** What its decoder made of them. */
  messages: T[];
}

/** Sends `pieces` one read at a time; what the receiver decoded. */
export async function sendInPieces<T>(
  pieces: Uint8Array[],
  decode: (chunk: Buffer) => T[],
): Promise<Received<T>> {
  const received: Received<T> = { reads: [], messages: [] };
  // Resolved by the receiver each time it has read a chunk.
  let readOne: () => void = () => {};
  const server = await startTcpServer((socket: Socket) => {
    socket.on("data", (chunk: Buffer) => {
      received.reads.push(chunk);
      received.messages.push(...decode(chunk));
      readOne();
    });
  });
  const client = await connectTo(server.host, server.port);
  try {
    client.setNoDelay(true);
    for (const piece of pieces) {
      const read = new Promise<void>((resolve) => (readOne = resolve));
      client.write(piece);
      await read;
    }
  } finally {
    client.destroy();
    await server.close();
  }
  return received;
}

/** Bytes as a quoted string: printable ASCII as is, the rest as \xNN. */
export function showBytes(bytes: Uint8Array): string {
  let shown = "";
  for (const byte of bytes) {
    if (byte === 0x0a) shown += "\\n";
    else if (byte === 0x22 || byte === 0x5c)
      shown += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) shown += String.fromCharCode(byte);
    else shown += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `"${shown}"`;
}
