// A session that owns its requests, like aiohttp's `ClientSession`: closing
// it cancels whatever is still in flight and waits until every socket is
// gone. It closes itself at the end of an `await using` block, whether the
// block finished, threw, or was aborted.
import { promisify } from "node:util";
import {
  httpGet,
  type HttpResponse,
} from "../02-callbacks-and-sockets/http-get.ts";

// Lesson 2's raw-socket client: one connection per request, destroyed the
// moment the request is done or aborted.
const get = promisify(httpGet);

// #region session
export class Session implements AsyncDisposable {
  readonly #baseUrl: string;
  readonly #closing = new AbortController();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #onClose: (cancelled: number) => void;

  /** `onClose` hears how many requests closing the session cancelled. */
  constructor(baseUrl: string, onClose: (cancelled: number) => void) {
    this.#baseUrl = baseUrl;
    this.#onClose = onClose;
  }

  async get(path: string, signal?: AbortSignal): Promise<HttpResponse> {
    // A request stops when the session closes or when its caller aborts.
    const signals = [this.#closing.signal, ...(signal ? [signal] : [])];
    const request = get(`${this.#baseUrl}${path}`, {
      signal: AbortSignal.any(signals),
    });
    this.#inFlight.add(request);
    try {
      const response = await request;
      if (response === undefined) throw new Error(`no response to ${path}`);
      return response;
    } finally {
      this.#inFlight.delete(request);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const cancelled = this.#inFlight.size;
    this.#closing.abort();
    // Wait for the cancelled requests to settle, so that every socket is
    // closed by the time the `await using` block has been left.
    await Promise.allSettled(this.#inFlight);
    this.#onClose(cancelled);
  }
}
// #endregion
