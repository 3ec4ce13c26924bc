// A session that owns its requests and its connections, like aiohttp's
// `ClientSession`: closing it cancels whatever is still in flight, closes
// every socket of its pool, and waits until Node has let go of each one. It
// closes itself at the end of an `await using` block, whether the block
// finished, threw, or was aborted.
import http from "node:http";
import type { Duplex } from "node:stream";
import { getText } from "../07-semaphores-and-limits/http-text.ts";

/** What closing a session did. */
export interface SessionClosed {
  /** Requests still in flight, which closing cancelled. */
  cancelled: number;
  /** Sockets of the pool, busy or idle, which closing closed (not those
   * already closing on their own, after a reset, say). */
  sockets: number;
}

/** A keep-alive pool that knows which of its sockets have not closed yet. */
class SessionPool extends http.Agent {
  /** Each open socket, with a promise of its 'close' event. */
  readonly open = new Map<Duplex, Promise<void>>();

  constructor() {
    super({ keepAlive: true });
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket) {
      const closed = new Promise<void>((resolve) => {
        socket.once("close", () => {
          this.open.delete(socket);
          resolve();
        });
      });
      this.open.set(socket, closed);
    }
    return socket;
  }
}

// #region session
export class Session implements AsyncDisposable {
  readonly #baseUrl: string;
  // The session's own pool: a socket carries request after request.
  readonly #pool = new SessionPool();
  readonly #closing = new AbortController();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #onClose: (closed: SessionClosed) => void;

  /** `onClose` hears what closing the session cancelled and closed. */
  constructor(baseUrl: string, onClose: (closed: SessionClosed) => void) {
    this.#baseUrl = baseUrl;
    this.#onClose = onClose;
  }

  /** Sockets of the session that Node has not finished closing. */
  get openSockets(): number {
    return this.#pool.open.size;
  }

  async get(path: string, signal?: AbortSignal): Promise<string> {
    // A request stops when the session closes or when its caller aborts.
    const signals = [this.#closing.signal, ...(signal ? [signal] : [])];
    const request = getText(new URL(path, this.#baseUrl), {
      agent: this.#pool,
      signal: AbortSignal.any(signals),
    });
    this.#inFlight.add(request);
    try {
      return await request;
    } finally {
      this.#inFlight.delete(request);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const closed = {
      cancelled: this.#inFlight.size,
      sockets: [...this.#pool.open.keys()].filter((s) => !s.destroyed).length,
    };
    // Abort listeners run inside `abort()`: when it returns, every request
    // in flight has destroyed its socket. `destroy()` closes the idle ones.
    this.#closing.abort();
    this.#pool.destroy();
    // A destroyed socket's descriptor is closed at once, but the rejection
    // of the request it carried comes a tick later, and its 'close' event,
    // once Node has let go of it, on a later turn of the event loop. Wait
    // for both: after this, nothing of the session is left.
    await Promise.allSettled([...this.#inFlight, ...this.#pool.open.values()]);
    this.#onClose(closed);
  }
}
// #endregion
