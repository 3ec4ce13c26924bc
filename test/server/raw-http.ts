// Talk to the server over a bare TCP socket, to see exactly what goes over
// the wire (chunk framing, a cut-short body, a timed-out request).
import { connect } from "node:net";

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** Milliseconds from connecting to the server closing the connection. */
  elapsedMs: number;
  /** The socket error, if the connection ended with one (e.g. ECONNRESET). */
  errorCode: string | undefined;
}

/** Send `request` as is, then read until the server closes the connection. */
export function rawExchange(
  port: number,
  request: string,
): Promise<RawExchange> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let errorCode: string | undefined;
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on(
      "error",
      (error: NodeJS.ErrnoException) => (errorCode = error.code),
    );
    socket.on("close", () =>
      resolve({
        text: Buffer.concat(chunks).toString("latin1"),
        elapsedMs: performance.now() - started,
        errorCode,
      }),
    );
    socket.write(request);
  });
}
