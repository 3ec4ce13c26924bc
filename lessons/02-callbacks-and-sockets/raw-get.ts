// The bytes of an HTTP response before any parsing: everything the server
// sends until it closes the connection.
import { sendGet } from "./send-get.ts";

export type RawCallback = (err: Error | null, bytes?: Buffer) => void;

export function rawGet(url: string, callback: RawCallback): void {
  const received: Buffer[] = [];
  let failure: Error | null = null;
  const socket = sendGet(url);
  socket.on("data", (bytes: Buffer) => received.push(bytes));
  socket.on("error", (err) => (failure = err));
  // 'close' comes once, after 'end' or after 'error': the one place to
  // call back from.
  socket.on("close", () => {
    if (failure) callback(failure);
    else callback(null, Buffer.concat(received));
  });
}
