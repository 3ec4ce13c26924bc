// Echo clients: the asyncio tutorial's client as it was (send, read once,
// close), and one that does not depend on luck (send, half-close, read until
// the server's FIN).
import { once } from "node:events";
import { createConnection, type Socket } from "node:net";

// #region connect
/** A connected socket; rejects if the connection fails. */
export async function connectTo(
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<Socket> {
  const socket = createConnection({ host, port, ...(signal && { signal }) });
  // `once` rejects if 'error' comes first, as it does for ECONNREFUSED.
  await once(socket, "connect", signal ? { signal } : {});
  return socket;
}
// #endregion

// #region like-the-original
/** Send `message`, take the first chunk that comes back, and close. */
export async function echoOnce(
  host: string,
  port: number,
  message: string,
): Promise<string> {
  const socket = await connectTo(host, port);
  socket.write(message);
  // asyncio's `reader.read(100)` returns whatever has arrived (up to 100
  // bytes) once anything has. The first 'data' event is the same bet: that
  // the whole echo came in one piece.
  const [data] = (await once(socket, "data")) as [Buffer];
  socket.end();
  return data.toString("utf8");
}
// #endregion

// #region echo
/** Send `message`, say we are done (FIN), and read until the server's FIN. */
export async function echo(
  host: string,
  port: number,
  message: string | Uint8Array,
  signal?: AbortSignal,
): Promise<Buffer> {
  const socket = await connectTo(host, port, signal);
  // `end` writes the message and then half-closes: the server sees the end
  // of our stream, and we can still read.
  socket.end(message);
  const chunks: Buffer[] = [];
  // A socket is an async iterable of chunks; the loop ends at the FIN.
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
// #endregion

// #region many
/** `count` clients at once, each echoing its own message; the echoes. */
export async function echoMany(
  host: string,
  port: number,
  count: number,
): Promise<string[]> {
  // Everyone connects before anyone sends.
  const sockets = await connectAll(host, port, count);
  try {
    // Every client sends and waits for its echo; none has closed yet, so
    // the server holds all of them open at the same moment.
    return await Promise.all(
      sockets.map((socket, i) => {
        const message = Buffer.from(`message ${i + 1}`);
        socket.write(message);
        return readBytes(socket, message.length);
      }),
    );
  } finally {
    // Done: read on to the server's FIN (and drop it), and end our side.
    for (const socket of sockets) socket.resume().end();
    await Promise.all(sockets.map((socket) => once(socket, "close")));
  }
}

/** `count` connected sockets, or none (and the first error) if one fails. */
async function connectAll(
  host: string,
  port: number,
  count: number,
): Promise<Socket[]> {
  const settled = await Promise.allSettled(
    Array.from({ length: count }, () => connectTo(host, port)),
  );
  const sockets = settled.flatMap((s) =>
    s.status === "fulfilled" ? [s.value] : [],
  );
  const failed = settled.find((s) => s.status === "rejected");
  if (failed === undefined) return sockets;
  for (const socket of sockets) socket.destroy();
  throw failed.reason;
}

/** The next `size` bytes of `socket`, as text. */
function readBytes(socket: Socket, size: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < size) return;
      stop();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onEnd = (): void => {
      stop();
      reject(new Error(`the server closed after ${received} of ${size} bytes`));
    };
    // A listener stays on until the last byte: a stream with no 'data'
    // listener left would drop the chunks that come in between.
    const stop = (): void => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", reject);
      socket.pause();
    };
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.on("error", reject);
  });
}
// #endregion
