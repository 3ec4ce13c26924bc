import { describe, expect, it } from "vitest";
import { HttpParseError, ResponseParser } from "./response-parser.ts";
import { parsePieces } from "./test-support.ts";

const parse = (text: string) => parsePieces([Buffer.from(text, "latin1")]);

const LENGTH_RESPONSE =
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n" +
  "Connection: close\r\n\r\nbar";

const CHUNKED_RESPONSE =
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
  "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nExpires: never\r\n\r\n";

describe("ResponseParser", () => {
  it("reads the status line, headers and a Content-Length body", () => {
    expect(parse(LENGTH_RESPONSE)).toEqual({
      head: {
        status: 200,
        reason: "OK",
        headers: [
          ["content-type", "text/plain"],
          ["content-length", "3"],
          ["connection", "close"],
        ],
      },
      body: "bar",
      ended: true,
    });
  });

  it("joins chunks, skipping chunk extensions and trailers", () => {
    const outcome = parse(CHUNKED_RESPONSE);
    expect(outcome.body).toBe("hello, world");
    expect(outcome.ended).toBe(true);
    expect(outcome.head?.headers).toEqual([["transfer-encoding", "chunked"]]);
  });

  it("reads a body without length or chunking until the connection closes", () => {
    const outcome = parse("HTTP/1.0 200 OK\r\n\r\nall of it");
    expect(outcome.body).toBe("all of it");
    expect(outcome.ended).toBe(true);
  });

  it("expects no body after a 204 and leaves any stray bytes alone", () => {
    const outcome = parse("HTTP/1.1 204 No Content\r\n\r\nstray");
    expect(outcome).toMatchObject({ body: "", ended: true });
  });

  it("accepts a status line with an empty reason", () => {
    const outcome = parse("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n");
    expect(outcome.head).toMatchObject({ status: 404, reason: "" });
  });

  for (const [name, response] of [
    ["Content-Length", LENGTH_RESPONSE],
    ["chunked", CHUNKED_RESPONSE],
  ] as const) {
    const bytes = Buffer.from(response, "latin1");
    const whole = parsePieces([bytes]);

    it(`gives the same ${name} result when split in two at any byte`, () => {
      for (let at = 0; at <= bytes.length; at += 1) {
        const split = [bytes.subarray(0, at), bytes.subarray(at)];
        expect(parsePieces(split), `split at byte ${at}`).toEqual(whole);
      }
    });

    it(`gives the same ${name} result when fed one byte at a time`, () => {
      const single = [...bytes].map((byte) => Uint8Array.of(byte));
      expect(parsePieces(single)).toEqual(whole);
    });
  }
});

describe("ResponseParser errors", () => {
  const failure = (text: string) => () => parse(text);

  it("rejects a malformed status line and quotes it", () => {
    expect(failure("ICY 200 OK\r\n\r\n")).toThrow(
      /malformed status line: "ICY 200 OK"/,
    );
    expect(failure("HTTP/1.1 OK\r\n\r\n")).toThrow(HttpParseError);
  });

  it("rejects a header line without a name", () => {
    expect(failure("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).toThrow(
      /malformed header line/,
    );
  });

  it("says how short a Content-Length body was when the connection closes", () => {
    const cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789";
    expect(failure(cut)).toThrow(
      "connection closed early: body has 10 of 100 bytes (Content-Length: 100)",
    );
  });

  it("says a chunked body was cut off when the last chunk never comes", () => {
    const cut = CHUNKED_RESPONSE.slice(0, CHUNKED_RESPONSE.indexOf("0\r\n"));
    expect(failure(cut)).toThrow(/chunked body cut off after 12 bytes/);
  });

  it("says when the connection closed before or inside the headers", () => {
    expect(failure("")).toThrow(/before any response arrived/);
    expect(failure("HTTP/1.1 2")).toThrow(/in the middle of the status line/);
    expect(failure("HTTP/1.1 200 OK\r\nContent-Le")).toThrow(
      /before the headers were complete/,
    );
  });

  it("rejects a bad chunk size and a chunk longer than its size", () => {
    const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    expect(failure(`${head}zz\r\n`)).toThrow(/malformed chunk-size line/);
    expect(failure(`${head}2\r\nabc\r\n0\r\n\r\n`)).toThrow(
      /longer than its declared size/,
    );
  });

  it("rejects conflicting Content-Length headers", () => {
    const head = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2";
    expect(failure(`${head}\r\n\r\nab`)).toThrow(/conflicting content-length/);
  });

  it("gives up on a line that never ends instead of buffering forever", () => {
    const parser = new ResponseParser();
    expect(() => parser.feed(Buffer.alloc(10_000, "a"))).toThrow(
      /line longer than 8192 bytes/,
    );
  });
  it("keeps the bytes after the end of a response for the next one", () => {
    const next = "HTTP/1.1 204 No Content\r\n\r\n";
    const parser = new ResponseParser();
    const events = parser.feed(Buffer.from(LENGTH_RESPONSE + next, "latin1"));
    expect(events.at(-1)).toEqual({ type: "end" });
    expect(parser.rest().toString("latin1")).toBe(next);
    expect(new ResponseParser().feed(parser.rest())[0]).toMatchObject({
      type: "head",
      head: { status: 204 },
    });
  });

  it("has no rest before the response is complete", () => {
    const parser = new ResponseParser();
    parser.feed(Buffer.from("HTTP/1.1 200 OK\r\nContent-Le", "latin1"));
    expect(parser.rest().length).toBe(0);
  });
});
