// An HTTP/1.1 response parser that is fed bytes as they arrive from a socket,
// in pieces of any size. It does no I/O: the socket code calls `feed` with each
// chunk and `finish` when the connection ends, and acts on the events it gets.

export interface ResponseHead {
  status: number;
  reason: string;
  /** Header names in lower case, in the order they arrived. */
  headers: Array<[name: string, value: string]>;
}

export type ParseEvent =
  | { type: "head"; head: ResponseHead }
  | { type: "body"; bytes: Buffer }
  | { type: "end" };

export class HttpParseError extends Error {
  override name = "HttpParseError";
}

type State =
  | "status-line"
  | "header-line"
  | "body-by-length"
  | "body-until-close"
  | "chunk-size"
  | "chunk-data"
  | "chunk-data-end"
  | "trailer-line"
  | "done";

// A status line or header longer than this is garbage, not a slow server.
const MAX_LINE_BYTES = 8192;
const LF = 0x0a;
const CR = 0x0d;

export class ResponseParser {
  #state: State = "status-line";
  // Bytes received but not consumed yet: the start of a line still waiting
  // for its line feed. Body bytes never wait here.
  #pending: Buffer = Buffer.alloc(0);
  #head: ResponseHead = { status: 0, reason: "", headers: [] };
  // Body bytes still to come: of the whole body, or of the current chunk.
  #remaining = 0;
  #bodyBytes = 0;

  get done(): boolean {
    return this.#state === "done";
  }

  /**
   * Bytes that came after the end of this response. On a connection that
   * stays open they are the start of the next response, for a new parser.
   */
  rest(): Buffer {
    return this.#state === "done" ? this.#pending : Buffer.alloc(0);
  }

  // #region feed
  /** Take the next bytes from the connection; return what they completed. */
  feed(bytes: Uint8Array): ParseEvent[] {
    this.#pending = Buffer.concat([this.#pending, bytes]);
    const events: ParseEvent[] = [];
    // Each step consumes what it can and says whether it made progress.
    // When it cannot, the rest of the input has not arrived yet.
    while (this.#step(events));
    return events;
  }
  // #endregion

  /** The connection ended: a body read "until close" ends here; else fail. */
  finish(): ParseEvent[] {
    switch (this.#state) {
      case "done":
        return [];
      case "body-until-close":
        this.#state = "done";
        return [{ type: "end" }];
      case "status-line":
        throw new HttpParseError(
          this.#pending.length === 0
            ? "connection closed before any response arrived"
            : "connection closed in the middle of the status line",
        );
      case "header-line":
        throw new HttpParseError(
          "connection closed before the headers were complete",
        );
      case "body-by-length": {
        const total = this.#bodyBytes + this.#remaining;
        throw new HttpParseError(
          `connection closed early: body has ${this.#bodyBytes} of ` +
            `${total} bytes (Content-Length: ${total})`,
        );
      }
      default:
        throw new HttpParseError(
          "connection closed early: chunked body cut off after " +
            `${this.#bodyBytes} bytes`,
        );
    }
  }

  #step(events: ParseEvent[]): boolean {
    switch (this.#state) {
      case "body-by-length":
      case "chunk-data":
      case "body-until-close":
        return this.#takeBody(events);
      case "done":
        // Bytes after the end of the response are not ours; leave them.
        return false;
    }
    const line = this.#takeLine();
    if (line === null) return false;
    this.#onLine(line, events);
    return true;
  }

  // #region lines
  /** Cut one line off the front of `#pending`, or null if it is incomplete. */
  #takeLine(): string | null {
    const lf = this.#pending.indexOf(LF);
    if (lf === -1) {
      if (this.#pending.length > MAX_LINE_BYTES) {
        throw new HttpParseError(`line longer than ${MAX_LINE_BYTES} bytes`);
      }
      return null;
    }
    // Lines end in CR LF; the CR may have come in an earlier chunk, which
    // is why we wait for the LF and look back for the CR.
    const end = lf > 0 && this.#pending[lf - 1] === CR ? lf - 1 : lf;
    const line = this.#pending.toString("latin1", 0, end);
    this.#pending = this.#pending.subarray(lf + 1);
    return line;
  }
  // #endregion

  #onLine(line: string, events: ParseEvent[]): void {
    switch (this.#state) {
      case "status-line":
        this.#onStatusLine(line);
        return;
      case "header-line":
        if (line === "") this.#onHeadersDone(events);
        else this.#onHeaderLine(line);
        return;
      case "chunk-size":
        this.#onChunkSize(line);
        return;
      case "chunk-data-end":
        if (line !== "") {
          throw new HttpParseError("chunk is longer than its declared size");
        }
        this.#state = "chunk-size";
        return;
      case "trailer-line":
        // Trailers are tolerated and dropped; an empty line ends them.
        if (line === "") this.#end(events);
        return;
    }
  }

  // #region status-and-headers
  #onStatusLine(line: string): void {
    const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(line);
    if (!match) {
      throw new HttpParseError(
        `malformed status line: ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    this.#head.status = Number(match[1]);
    this.#head.reason = match[2] ?? "";
    this.#state = "header-line";
  }

  #onHeaderLine(line: string): void {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon < 1 || /\s/.test(name)) {
      throw new HttpParseError(
        `malformed header line: ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    this.#head.headers.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  // #endregion

  // #region framing
  /** The blank line after the headers: decide how the body is framed. */
  #onHeadersDone(events: ParseEvent[]): void {
    events.push({ type: "head", head: this.#head });
    const { status } = this.#head;
    const encoding = this.#header("transfer-encoding")?.toLowerCase() ?? "";
    const length = this.#header("content-length");
    if (status === 204 || status === 304) {
      this.#end(events);
    } else if (/(^|,)\s*chunked\s*$/.test(encoding)) {
      this.#state = "chunk-size";
    } else if (length !== undefined && encoding === "") {
      if (!/^\d{1,15}$/.test(length)) {
        throw new HttpParseError(`bad Content-Length: ${length}`);
      }
      this.#remaining = Number(length);
      this.#state = "body-by-length";
      if (this.#remaining === 0) this.#end(events);
    } else {
      // No length and not chunked: the body is everything until the
      // server closes the connection.
      this.#state = "body-until-close";
    }
  }
  // #endregion

  // #region chunks
  /** `1a;name=value` is 26 bytes of data; a size of 0 ends the body. */
  #onChunkSize(line: string): void {
    const match = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line);
    if (!match?.[1]) {
      throw new HttpParseError(
        `malformed chunk-size line: ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    this.#remaining = parseInt(match[1], 16);
    this.#state = this.#remaining === 0 ? "trailer-line" : "chunk-data";
  }
  // #endregion

  /** Pass on body bytes as they come: up to the size still expected. */
  #takeBody(events: ParseEvent[]): boolean {
    if (this.#pending.length === 0) return false;
    const untilClose = this.#state === "body-until-close";
    const take = untilClose
      ? this.#pending.length
      : Math.min(this.#remaining, this.#pending.length);
    events.push({ type: "body", bytes: this.#pending.subarray(0, take) });
    this.#pending = this.#pending.subarray(take);
    this.#bodyBytes += take;
    if (untilClose) return false;
    this.#remaining -= take;
    if (this.#remaining > 0) return true;
    if (this.#state === "chunk-data") this.#state = "chunk-data-end";
    else this.#end(events);
    return true;
  }

  #end(events: ParseEvent[]): void {
    this.#state = "done";
    events.push({ type: "end" });
  }

  #header(name: string): string | undefined {
    const values = this.#head.headers
      .filter(([key]) => key === name)
      .map(([, value]) => value);
    if (new Set(values).size > 1) {
      throw new HttpParseError(`conflicting ${name} headers`);
    }
    return values[0];
  }
}
