// How long the server keeps what a client leaves hanging, and the watchdog
// that enforces it: nothing a client does (or stops doing) holds a
// connection, a buffer or a file descriptor for ever.
import { closeSync, openSync } from "node:fs";
import type { Socket } from "node:net";

export interface Lifetimes {
  /** An idle keep-alive connection is closed after this long. */
  keepAliveMs: number;
  /** A client must send its request headers within this (408 if not). */
  headersMs: number;
  /** ... and its whole request, body included, within this. */
  requestMs: number;
  /**
   * An HTTP connection on which no byte moves either way for this long is
   * closed, whatever it is doing: a `/fault/hang`, a response its client
   * stopped reading, a client that went quiet. Longer than any wait a
   * route may take on purpose (`/delay` and `/barrier`: 60 s at most).
   */
  inactivityMs: number;
  /**
   * A connection whose write buffer stays full (at its high-water mark,
   * the client not reading) with nothing moving for this long is closed:
   * a slow reader cannot make the server hold its buffer for long.
   */
  stallMs: number;
  /** An echo connection with no byte either way for this long is closed. */
  echoIdleMs: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  keepAliveMs: 60_000,
  headersMs: 10_000,
  requestMs: 30_000,
  inactivityMs: 75_000,
  stallMs: 30_000,
  echoIdleMs: 60_000,
};

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The lines of `GET /` that say how long things may last. */
export function describeLifetimes(l: Lifetimes): string[] {
  return [
    `an idle keep-alive connection closes after ${seconds(l.keepAliveMs)}`,
    `request headers must arrive within ${seconds(l.headersMs)}, ` +
      `the whole request within ${seconds(l.requestMs)} (else 408)`,
    `a connection on which nothing moves for ${seconds(l.inactivityMs)} ` +
      "is closed (so /fault/hang lasts that long at most)",
    "a response whose client stops reading is cut once its unsent bytes " +
      `have waited for ${seconds(l.stallMs)}`,
    `an idle echo connection closes after ${seconds(l.echoIdleMs)}`,
  ];
}

/** What the watchdog remembers of one HTTP connection. */
export interface Watched {
  /** Bytes read plus bytes handed to the kernel, when last looked at. */
  moved: number;
  /** When `moved` last changed (performance.now()). */
  quietSince: number;
}

export function watched(): Watched {
  return { moved: 0, quietSince: performance.now() };
}

function bytesMoved(socket: Socket): number {
  // `bytesWritten` counts what is still buffered here too; take it out, so
  // that a buffer draining into a slow reader counts as progress.
  return socket.bytesRead + socket.bytesWritten - socket.writableLength;
}

export interface WatchdogOptions {
  lifetimes: Lifetimes;
  connections: ReadonlyMap<Socket, { watched: Watched }>;
  /** One line, for people (stderr by default). */
  log: (line: string) => void;
  /** The open connections, in words, for the out-of-descriptors message. */
  describeOpen: () => string;
}

/** How often the file-descriptor probe runs, at most. */
const PROBE_MS = 250;

/**
 * Every so often: close HTTP connections that stay silent or stalled too
 * long, and check that a file descriptor can still be opened. When none can,
 * libuv closes each new connection as it accepts it (Node never hears of
 * them), so the probe is how the server finds out and says so, once, and
 * again when descriptors are free and connections are kept again.
 */
export class Watchdog {
  readonly #options: WatchdogOptions;
  readonly #timer: NodeJS.Timeout;
  #lastProbe = 0;
  #outSince: number | undefined;
  #probing = true;

  constructor(options: WatchdogOptions) {
    this.#options = options;
    const { inactivityMs, stallMs } = options.lifetimes;
    const every = Math.max(20, Math.min(1000, inactivityMs / 4, stallMs / 4));
    this.#timer = setInterval(() => this.sweep(), every);
    this.#timer.unref();
  }

  sweep(): void {
    const now = performance.now();
    const { inactivityMs, stallMs } = this.#options.lifetimes;
    for (const [socket, { watched }] of this.#options.connections) {
      const moved = bytesMoved(socket);
      if (moved !== watched.moved) {
        watched.moved = moved;
        watched.quietSince = now;
        continue;
      }
      const quiet = now - watched.quietSince;
      // Bytes waiting that have not moved: the reader stopped. A buffer
      // below its high water mark stalls as surely as a full one.
      const waiting = socket.writableLength > 0;
      if (quiet >= inactivityMs || (waiting && quiet >= stallMs)) {
        socket.destroy();
      }
    }
    if (this.#probing && now - this.#lastProbe >= PROBE_MS) {
      this.#lastProbe = now;
      this.#probe(now);
    }
  }

  /** An accept failed for want of descriptors (when Node hears of it). */
  outOfDescriptors(code: string): void {
    if (this.#outSince !== undefined) return;
    this.#outSince = performance.now();
    this.#options.log(
      `Out of file descriptors (${code}): each new connection is closed ` +
        `as soon as it is accepted; ${this.#options.describeOpen()}. New ` +
        "connections are kept again once some of these close; to allow " +
        "more, raise the limit (ulimit -n) before starting the server.",
    );
  }

  #probe(now: number): void {
    let fd: number;
    try {
      fd = openSync("/dev/null", "r");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EMFILE" || code === "ENFILE") this.outOfDescriptors(code);
      // No /dev/null (not a Unix system): no probe.
      else this.#probing = false;
      return;
    }
    closeSync(fd);
    if (this.#outSince === undefined) return;
    const outFor = ((now - this.#outSince) / 1000).toFixed(1);
    this.#outSince = undefined;
    this.#options.log(
      `File descriptors are free again after ${outFor} s: accepting new ` +
        `connections; ${this.#options.describeOpen()}.`,
    );
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
