// The smallest HTTP/1.1 response reader a load generator needs: it does not
// build headers or bodies, it only finds where each response ends. Bytes
// come in as the socket reads them, cut anywhere.

/** What the reader tells its owner about each complete response. */
export type OnResponse = (status: number, keepAlive: boolean) => void;

// Reading the status line and headers, a body of known length, or the parts
// of a chunked body: its size lines, the data, the CRLF after the data, and
// the trailer lines after the last chunk.
const HEAD = 0;
const BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILER = 5;

const CRLF = 0x0a;
// A head longer than this is not a response we can read.
const MAX_HEAD = 64 * 1024;

export class ResponseParseError extends Error {
  override name = "ResponseParseError";
}

// #region head
/** The head's length, status, body framing and keep-alive, from its text. */
export function readHead(head: string): {
  status: number;
  length: number;
  chunked: boolean;
  keepAlive: boolean;
} {
  // "HTTP/1.1 200 OK": the status is the three digits after the first
  // space.
  const status = Number(head.slice(9, 12));
  if (!head.startsWith("HTTP/1.") || !(status >= 100 && status <= 999)) {
    throw new ResponseParseError(`not an HTTP response: ${head.slice(0, 40)}`);
  }
  // Header names are case-insensitive; one lower-cased copy is cheaper
  // than a case-insensitive search per header.
  const lower = head.toLowerCase();
  const at = lower.indexOf("\r\ncontent-length:");
  const length =
    at === -1 ? -1 : parseInt(lower.slice(at + 17, at + 40).trim(), 10);
  const chunked = /\r\ntransfer-encoding:[^\r]*chunked/.test(lower);
  const keepAlive = !/\r\nconnection:[^\r]*close/.test(lower);
  return { status, length, chunked, keepAlive };
}
// #endregion

/**
 * Feed it what a socket reads; it calls `onResponse` once per complete
 * response, in order. `bodyless` is for HEAD requests, whose responses
 * announce a length but carry no body.
 */
export class ResponseParser {
  #state = HEAD;
  // Bytes of a head (or of a chunk size or trailer line) that arrived
  // without their end, kept until the rest comes.
  #partial: Buffer | null = null;
  #left = 0;
  #status = 0;
  #keepAlive = true;
  readonly #bodyless: boolean;
  readonly #onResponse: OnResponse;

  constructor(onResponse: OnResponse, options: { bodyless?: boolean } = {}) {
    this.#onResponse = onResponse;
    this.#bodyless = options.bodyless ?? false;
  }

  /** True between responses: nothing of a response is pending. */
  get idle(): boolean {
    return this.#state === HEAD && this.#partial === null;
  }

  /** A response that ends only when the connection closes is complete. */
  end(): void {
    if (this.#state === BODY && this.#left === Infinity) {
      this.#state = HEAD;
      this.#onResponse(this.#status, false);
    }
  }

  // #region feed
  /** Reads `data[start, end)`; the bytes are not kept after it returns. */
  feed(data: Buffer, start = 0, end = data.length): void {
    let at = start;
    while (at < end) {
      if (this.#state === BODY) {
        // The body is skipped, not copied: only its length matters.
        const take = Math.min(this.#left, end - at);
        this.#left -= take;
        at += take;
        if (this.#left === 0) this.#complete();
      } else if (this.#state === CHUNK_DATA) {
        const take = Math.min(this.#left, end - at);
        this.#left -= take;
        at += take;
        if (this.#left === 0) this.#state = CHUNK_END;
      } else if (this.#state === CHUNK_END) {
        // The CRLF after a chunk's data: skip to its LF.
        const lf = data.indexOf(CRLF, at);
        if (lf === -1 || lf >= end) return;
        at = lf + 1;
        this.#state = CHUNK_SIZE;
      } else {
        at = this.#line(data, at, end);
      }
    }
  }
  // #endregion

  /** The head, a chunk size line or a trailer line; returns where it ends. */
  #line(data: Buffer, start: number, end: number): number {
    // Heads end with an empty line, the others with one LF.
    const marker = this.#state === HEAD ? "\r\n\r\n" : "\n";
    let buffer = data;
    let from = start;
    let upTo = end;
    if (this.#partial !== null) {
      // A rare case (a head cut by a read): join the pieces once.
      buffer = Buffer.concat([this.#partial, data.subarray(start, end)]);
      from = 0;
      upTo = buffer.length;
    }
    const found = buffer.indexOf(marker, from, "latin1");
    if (found === -1 || found + marker.length > upTo) {
      if (upTo - from > MAX_HEAD) {
        throw new ResponseParseError(`a head longer than ${MAX_HEAD} bytes`);
      }
      // Copy: the socket's buffer is reused after `feed` returns.
      this.#partial = Buffer.from(buffer.subarray(from, upTo));
      return end;
    }
    const text = buffer.toString("latin1", from, found);
    const consumed = found + marker.length - from;
    const partialLength = this.#partial === null ? 0 : this.#partial.length;
    this.#partial = null;
    this.#afterLine(text);
    return start + consumed - partialLength;
  }

  #afterLine(text: string): void {
    if (this.#state === HEAD) {
      const head = readHead(text);
      this.#status = head.status;
      this.#keepAlive = head.keepAlive;
      // A 1xx is an interim answer: the real one follows.
      if (head.status < 200) return;
      if (this.#bodyless || head.status === 204 || head.status === 304) {
        this.#complete();
      } else if (head.chunked) {
        this.#state = CHUNK_SIZE;
      } else if (head.length >= 0) {
        this.#left = head.length;
        this.#state = BODY;
        if (head.length === 0) this.#complete();
      } else {
        // No length and not chunked: the body runs to the close.
        this.#keepAlive = false;
        this.#left = Infinity;
        this.#state = BODY;
      }
    } else if (this.#state === CHUNK_SIZE) {
      const size = parseInt(text, 16);
      if (!(size >= 0)) {
        throw new ResponseParseError(`a bad chunk size line: ${text}`);
      }
      if (size === 0) this.#state = TRAILER;
      else {
        this.#left = size;
        this.#state = CHUNK_DATA;
      }
    } else if (text === "" || text === "\r") {
      // The empty line after the trailers ends a chunked response.
      this.#complete();
    }
  }

  #complete(): void {
    this.#state = HEAD;
    this.#onResponse(this.#status, this.#keepAlive);
  }
}
