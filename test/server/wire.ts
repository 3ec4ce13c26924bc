// One keep-alive connection driven by hand: send a request, read exactly
// one response off the wire (framed by Content-Length or chunked, no body
// for HEAD, 204 or 304), and see whether the server closed the connection.
import type { Socket } from "node:net";
import { connected } from "./clients.ts";

export interface WireResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** How the body was framed: by length, chunked, or by the close. */
  framing: "length" | "chunked" | "close" | "none";
}

export class Wire {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#wake?.();
    });
    socket.on("error", () => {});
  }

  static async open(port: number): Promise<Wire> {
    return new Wire(await connected(port));
  }

  /** True once the server has closed the connection. */
  get closed(): boolean {
    return this.#ended;
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** `method path` with a Host line and the extra header lines. */
  request(method: string, path: string, headers: string[] = []): void {
    const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", ...headers];
    this.send(`${lines.join("\r\n")}\r\n\r\n`);
  }

  async #more(): Promise<boolean> {
    if (this.#ended) return false;
    await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = undefined;
    return true;
  }

  async #until(length: number): Promise<void> {
    while (this.#buffer.length < length) {
      if (!(await this.#more())) {
        throw new Error(
          `the connection closed after ${this.#buffer.length} of ${length} bytes`,
        );
      }
    }
  }

  async #line(): Promise<string> {
    for (;;) {
      const end = this.#buffer.indexOf("\r\n");
      if (end !== -1) {
        const line = this.#buffer.subarray(0, end).toString("latin1");
        this.#buffer = this.#buffer.subarray(end + 2);
        return line;
      }
      if (!(await this.#more())) {
        throw new Error(
          `the connection closed mid-line: ${JSON.stringify(this.#buffer.toString("latin1"))}`,
        );
      }
    }
  }

  #take(length: number): string {
    const text = this.#buffer.subarray(0, length).toString("latin1");
    this.#buffer = this.#buffer.subarray(length);
    return text;
  }

  /** Read one response to a request made with `method`. */
  async response(method = "GET"): Promise<WireResponse> {
    const statusLine = await this.#line();
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (!Number.isInteger(status)) {
      throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    }
    const headers: Record<string, string> = {};
    for (
      let line = await this.#line();
      line !== "";
      line = await this.#line()
    ) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line
        .slice(colon + 1)
        .trim();
    }
    if (method === "HEAD" || status === 204 || status === 304) {
      return { status, headers, body: "", framing: "none" };
    }
    if (headers["transfer-encoding"]?.toLowerCase() === "chunked") {
      let body = "";
      for (;;) {
        const size = parseInt(await this.#line(), 16);
        if (size === 0) {
          await this.#line();
          return { status, headers, body, framing: "chunked" };
        }
        await this.#until(size + 2);
        body += this.#take(size);
        this.#take(2);
      }
    }
    if (headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      await this.#until(length);
      return { status, headers, body: this.#take(length), framing: "length" };
    }
    while (await this.#more());
    return {
      status,
      headers,
      body: this.#take(this.#buffer.length),
      framing: "close",
    };
  }

  /** Resolves once the server has closed the connection. */
  async closedByServer(): Promise<void> {
    while (await this.#more());
  }

  destroy(): void {
    this.socket.destroy();
  }
}
