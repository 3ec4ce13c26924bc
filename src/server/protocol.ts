// Requests the routes never see: bytes Node's HTTP parser cannot read, a
// CONNECT, an HTTP version other than 1.x, an HTTP/1.1 request without
// Host. Each gets a status and a reason in words, never a silent close.
import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { Lifetimes } from "./lifetimes.ts";
import { CLOSE_REASON_HEADER } from "./types.ts";

export interface Refusal {
  status: number;
  /** One line, for the body. */
  reason: string;
  /** Why the connection closes after it, when not for a parser error. */
  closes?: string;
}

/** What a parser error (Node's `clientError`) is answered with; undefined
 * for a socket error, where there is nobody left to answer. */
export function parserRefusal(
  error: NodeJS.ErrnoException & { reason?: string },
  lifetimes: Lifetimes,
): Refusal | undefined {
  const code = error.code ?? "";
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return {
        status: 408,
        reason:
          "the request took too long to arrive: its headers must come " +
          `within ${lifetimes.headersMs} ms and all of it within ` +
          `${lifetimes.requestMs} ms`,
      };
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        reason:
          "the request line and headers are larger than the " +
          `${maxHeaderSize} bytes this server reads`,
      };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return { status: 413, reason: "the chunk extensions are too large" };
    case "HPE_INVALID_VERSION":
      return {
        status: 505,
        reason:
          "the request line names an HTTP version this server does not " +
          "speak; use HTTP/1.1 (or HTTP/1.0)",
      };
    case "HPE_PAUSED_H2_UPGRADE":
      return {
        status: 505,
        reason:
          "the connection began with the HTTP/2 preface; this server " +
          "speaks HTTP/1.1 (and HTTP/1.0) only",
      };
    case "HPE_INVALID_EOF_STATE":
      return {
        status: 400,
        reason: "the client ended the connection in the middle of a request",
      };
  }
  if (!code.startsWith("HPE_")) return undefined;
  const what = error.reason ?? error.message;
  return {
    status: 400,
    reason: `the request could not be parsed: ${what} (${code})`,
  };
}

const CLOSE_REASON =
  "after a request it cannot read, the server cannot tell where the next " +
  "one would start";
// Long enough for the answer to reach the client before the close; a client
// still sending meanwhile is read and ignored.
const LINGER_MS = 1000;

/**
 * Write `refusal` straight to the socket as a whole HTTP response and close
 * the connection once it is sent (the parser has given up on it).
 */
export function refuseOnSocket(socket: Socket, refusal: Refusal): void {
  if (!socket.writable) return void socket.destroy();
  const body = `${refusal.reason}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ""}\r\n` +
      "content-type: text/plain; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      "connection: close\r\n" +
      `${CLOSE_REASON_HEADER}: ${refusal.closes ?? CLOSE_REASON}\r\n\r\n` +
      body,
  );
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

/** CONNECT asks for a tunnel: this is not a proxy. */
export const CONNECT_REFUSAL: Refusal = {
  status: 405,
  reason:
    "CONNECT asks for a tunnel, and this server is not a proxy; " +
    "send GET or HEAD (GET / lists the routes)",
  closes: "Node hands a CONNECT's connection over, out of HTTP",
};

/** A parsed request that this server will not answer, or undefined. */
export function requestRefusal(
  versionMajor: number,
  version: string,
  host: string | undefined,
): Refusal | undefined {
  if (versionMajor !== 1) {
    return {
      status: 505,
      reason:
        `HTTP/${version} is not spoken here; this server speaks HTTP/1.1 ` +
        "(and HTTP/1.0)",
    };
  }
  if (host === undefined && version === "1.1") {
    return {
      status: 400,
      reason:
        "an HTTP/1.1 request must carry a Host header (the name and port " +
        "it was sent to, e.g. Host: 127.0.0.1:8080)",
    };
  }
  return undefined;
}
