import { describe, expect, it } from "vitest";
import {
  readHead,
  ResponseParseError,
  ResponseParser,
} from "./response-parser.ts";

// Three responses as one keep-alive connection carries them: a length, a
// chunked body with a trailer, an empty 204, and a last one that closes.
const STREAM = Buffer.from(
  [
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nwaited 0 ms\n",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\naaa\r\n" +
      "a;name=x\r\nbbbbbbbbbb\r\n0\r\nX-Trailer: yes\r\n\r\n",
    "HTTP/1.1 204 No Content\r\nDate: now\r\n\r\n",
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nConnection: close\r\n\r\nbusy",
  ].join(""),
  "latin1",
);
const EXPECTED = [
  [200, true],
  [200, true],
  [204, true],
  [503, false],
];

function parse(pieces: Buffer[]): [number, boolean][] {
  const seen: [number, boolean][] = [];
  const parser = new ResponseParser((status, keepAlive) =>
    seen.push([status, keepAlive]),
  );
  for (const piece of pieces) parser.feed(piece);
  expect(parser.idle).toBe(true);
  return seen;
}

describe("the response reader", () => {
  it("finds every response of a stream read in one piece", () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it("finds the same responses whatever byte the stream is cut at", () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const pieces = [STREAM.subarray(0, cut), STREAM.subarray(cut)];
      expect(parse(pieces), `cut at byte ${cut}`).toEqual(EXPECTED);
    }
  });

  it("finds them when every byte comes in a read of its own", () => {
    const bytes = [...STREAM].map((byte) => Buffer.from([byte]));
    expect(parse(bytes)).toEqual(EXPECTED);
  });

  it("does not keep the bytes it was given: the caller may reuse them", () => {
    const seen: number[] = [];
    const parser = new ResponseParser((status) => seen.push(status));
    const shared = Buffer.alloc(STREAM.length);
    for (let at = 0; at < STREAM.length; at += 7) {
      const length = STREAM.copy(shared, 0, at, at + 7);
      parser.feed(shared, 0, length);
      shared.fill(0x21);
    }
    expect(seen).toEqual([200, 200, 204, 503]);
  });

  it("reads only the given stretch of a buffer", () => {
    const seen: number[] = [];
    const parser = new ResponseParser((status) => seen.push(status));
    const padded = Buffer.concat([
      Buffer.from("xxxx"),
      STREAM,
      Buffer.from("yy"),
    ]);
    parser.feed(padded, 4, 4 + STREAM.length);
    expect(seen).toEqual([200, 200, 204, 503]);
  });

  it("expects no body after a HEAD request, whatever the length says", () => {
    const seen: number[] = [];
    const parser = new ResponseParser((status) => seen.push(status), {
      bodyless: true,
    });
    parser.feed(
      Buffer.from(
        "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" +
          "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n",
      ),
    );
    expect(seen).toEqual([200, 200]);
  });

  it("skips a 100 Continue and reports the answer that follows", () => {
    expect(
      parse([
        Buffer.from(
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        ),
      ]),
    ).toEqual([[201, true]]);
  });

  it("ends a body without a length when the connection ends", () => {
    const seen: [number, boolean][] = [];
    const parser = new ResponseParser((status, keepAlive) =>
      seen.push([status, keepAlive]),
    );
    parser.feed(Buffer.from("HTTP/1.0 200 OK\r\n\r\nto the end"));
    expect(seen).toEqual([]);
    parser.end();
    expect(seen).toEqual([[200, false]]);
  });

  it("refuses bytes that are not an HTTP response", () => {
    const parser = new ResponseParser(() => {});
    expect(() => parser.feed(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(
      ResponseParseError,
    );
  });

  it("refuses a head that never ends instead of holding it for ever", () => {
    const parser = new ResponseParser(() => {});
    parser.feed(Buffer.from("HTTP/1.1 200 OK\r\n"));
    const header = Buffer.from(`X-Pad: ${"a".repeat(1000)}\r\n`);
    expect(() => {
      for (let i = 0; i < 100; i++) parser.feed(header);
    }).toThrow(/longer than/);
  });
});

describe("readHead", () => {
  it("reads the status, the length and the framing, in any case", () => {
    expect(
      readHead("HTTP/1.1 404 Not Found\r\nCONTENT-LENGTH:  17\r\nX-A: b"),
    ).toEqual({ status: 404, length: 17, chunked: false, keepAlive: true });
    expect(
      readHead(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nconnection: Close",
      ),
    ).toEqual({ status: 200, length: -1, chunked: true, keepAlive: false });
  });
});
