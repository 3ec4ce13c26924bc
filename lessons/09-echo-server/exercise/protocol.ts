// The line protocol of lesson 9's exercise, in one place: the servers (the
// learner's, the solution, the wrong ones), the check and
// `npm run conformance -- echo` all read it from here.
import type { AddressInfo, Server } from "node:net";

/** The protocol in words, as `npm run conformance -- --help` prints it. */
export const PROTOCOL = [
  'Lines end with "\\n"; a "\\r" just before it is not part of the line.',
  'Every line gets one reply line, "<n>: <line>", where n counts the lines',
  "of this connection from 1.",
  'A line "SLEEP <ms>" (ms from 0 to 5000) is answered the same way, but',
  "only after ms milliseconds. Replies always leave in the order of the",
  "lines, so the ones after it wait too; other connections do not.",
  'A line "QUIT" is answered "BYE"; then the server closes the connection',
  "and answers nothing more on it.",
  "When the client half-closes (sends FIN), the server still sends every",
  "reply that is due (a last line without a newline counts), then closes.",
  "Many clients are served at the same time.",
];

export const MAX_SLEEP_MS = 5000;

/** How long to wait before answering `line`: `SLEEP <ms>` waits ms. */
export function delayFor(line: string): number {
  const ms = Number(/^SLEEP (\d{1,4})$/.exec(line)?.[1] ?? 0);
  return ms <= MAX_SLEEP_MS ? ms : 0;
}

export interface ListenOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
}

/** A running line server. */
export interface LineServer {
  host: string;
  port: number;
  /**
   * Stop accepting, end idle connections at once and busy ones after their
   * last reply; resolves once every connection has closed.
   */
  close(): Promise<void>;
}

/** Listens with `server`; resolves with its address and `close`. */
export function listenOn(
  server: Server,
  { host = "127.0.0.1", port = 0 }: ListenOptions,
  close: () => Promise<void>,
): Promise<LineServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({ host: address.address, port: address.port, close });
    });
  });
}
