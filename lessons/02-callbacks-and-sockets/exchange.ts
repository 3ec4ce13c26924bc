// One request written byte for byte, and what came back: the response, and
// whether the server then closed the connection or kept it open for more.
import net from "node:net";
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent, ResponseHead } from "./response-parser.ts";

export interface Exchange {
  head: ResponseHead;
  body: Buffer;
  /** The server closed the connection within `waitMs` of the response. */
  closedByServer: boolean;
}

export type ExchangeCallback = (err: Error | null, result?: Exchange) => void;

/**
 * Connect to the URL's host and port and write `request` as it is. Read one
 * response, then wait up to `waitMs` to see whether the server closes the
 * connection; close it ourselves if it does not.
 */
export function exchange(
  url: string,
  request: string,
  waitMs: number,
  callback: ExchangeCallback,
): void {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) || 80 });
  const parser = new ResponseParser();
  let head: ResponseHead | undefined;
  const body: Buffer[] = [];
  let complete = false;
  let called = false;
  let timer: NodeJS.Timeout | undefined;

  function done(err: Error | null, closedByServer = false): void {
    if (called) return;
    called = true;
    clearTimeout(timer);
    socket.destroy();
    if (err || !head) callback(err ?? new Error("no response"));
    else callback(null, { head, body: Buffer.concat(body), closedByServer });
  }

  function take(events: ParseEvent[]): void {
    for (const event of events) {
      if (event.type === "head") head = event.head;
      else if (event.type === "body") body.push(event.bytes);
      else complete = true;
    }
  }

  socket.on("connect", () => socket.write(request, "latin1"));
  socket.on("data", (bytes: Buffer) => {
    try {
      take(parser.feed(bytes));
    } catch (err) {
      return done(err as Error);
    }
    // The response says where it ends: now see what the server does next.
    if (complete && timer === undefined) {
      timer = setTimeout(() => done(null, false), waitMs);
    }
  });
  // The server closed its side. A body read "until close" ends here.
  socket.on("end", () => {
    try {
      take(parser.finish());
    } catch (err) {
      return done(err as Error);
    }
    done(null, true);
  });
  socket.on("error", (err) => done(err));
}
