import { describe, expect, test } from "vitest";
import { freshScan, scanHeaders } from "./end-of-headers.ts";

const OK =
  "HTTP/1.1 200 OK\r\ncontent-length: 12\r\nConnection: keep-alive\r\n\r\n";
const NOT_FOUND = "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/** Feeds `pieces` one after another; answers the ends seen, as ok flags. */
function feed(pieces: string[]): boolean[] {
  const scan = freshScan();
  const ends: boolean[] = [];
  for (const piece of pieces) {
    const bytes = Buffer.from(piece, "latin1");
    // Scanned from a bigger buffer, as from the shared read buffer: only
    // the first `length` bytes count.
    const buffer = Buffer.concat([bytes, Buffer.from("\r\n\r\nHTTP/1.1 500")]);
    scanHeaders(scan, buffer, bytes.length, (_scan, ok) => ends.push(ok));
  }
  return ends;
}

describe("finding the end of a response's headers", () => {
  test("finds one end in one read, and says the status was 2xx", () => {
    expect(feed([OK])).toEqual([true]);
  });

  test("finds it wherever the response is split, at every byte", () => {
    for (let cut = 1; cut < OK.length; cut++) {
      expect(feed([OK.slice(0, cut), OK.slice(cut)]), `cut at ${cut}`).toEqual([
        true,
      ]);
    }
  });

  test("finds it when every byte comes in a read of its own", () => {
    expect(feed([...OK])).toEqual([true]);
  });

  test("tells a 404 from a 200, split at every byte", () => {
    const both = OK + NOT_FOUND;
    for (let cut = 1; cut < both.length; cut++) {
      expect(
        feed([both.slice(0, cut), both.slice(cut)]),
        `cut at ${cut}`,
      ).toEqual([true, false]);
    }
  });

  test("is not fooled by a lone CR, LF or a CR LF pair inside the headers", () => {
    const tricky = "HTTP/1.1 200 OK\r\nx: a\rb\nc\r\n\r\r\n\r\n";
    expect(feed([tricky])).toEqual([true]);
  });

  test("sees nothing until the blank line arrives", () => {
    expect(feed([OK.slice(0, -1)])).toEqual([]);
  });
});
