// Several requests, one after another, over one TCP connection. HTTP/1.1
// keeps a connection open after a response, so the client must know where
// each response ends from the response itself: its Content-Length or its
// chunks. Waiting for the server to close would wait for nothing.
import net from "node:net";
import type { HttpResponse } from "./http-get.ts";
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent, ResponseHead } from "./response-parser.ts";

export type ResponsesCallback = (
  err: Error | null,
  responses?: HttpResponse[],
) => void;

/** GET each path in turn on one connection; call back once, with all. */
export function getOverOneConnection(
  baseUrl: string,
  paths: string[],
  callback: ResponsesCallback,
): void {
  if (paths.length === 0) {
    // No request, no answer to call back from: call back on the next tick,
    // so the callback never runs before this function has returned.
    process.nextTick(callback, null, []);
    return;
  }
  const { hostname, port, host } = new URL(baseUrl);
  const socket = net.connect({ host: hostname, port: Number(port) || 80 });
  const responses: HttpResponse[] = [];
  let parser = new ResponseParser();
  let head: ResponseHead | undefined;
  let body: Buffer[] = [];
  // Whether any byte of the current response has arrived yet.
  let started = false;
  let ended = false;
  let called = false;

  function done(err: Error | null): void {
    if (called) return;
    called = true;
    socket.destroy();
    if (err) callback(err);
    else callback(null, responses);
  }

  // #region keep-alive
  // HTTP/1.1 keeps the connection open by default. The last request asks
  // the server to close it once it has answered.
  function sendNext(): void {
    const path = paths[responses.length];
    const last = responses.length === paths.length - 1;
    socket.write(
      `GET ${path} HTTP/1.1\r\n` +
        `Host: ${host}\r\n` +
        (last ? "Connection: close\r\n" : "") +
        "\r\n",
    );
  }

  function feed(bytes: Buffer): void {
    started ||= bytes.length > 0;
    take(parser.feed(bytes));
  }

  function take(events: ParseEvent[]): void {
    for (const event of events) {
      if (event.type === "head") head = event.head;
      else if (event.type === "body") body.push(event.bytes);
      else if (head) {
        // The response's own framing says it is complete, and the
        // connection is still open: send the next request on it.
        responses.push({ ...head, body: Buffer.concat(body) });
        if (responses.length === paths.length) return done(null);
        if (ended) return;
        const rest = parser.rest();
        parser = new ResponseParser();
        [head, body, started] = [undefined, [], false];
        sendNext();
        // Bytes after the end belong to the next response.
        if (rest.length > 0) feed(rest);
        return;
      }
    }
  }
  // #endregion

  socket.on("connect", sendNext);
  socket.on("data", (bytes: Buffer) => {
    try {
      feed(bytes);
    } catch (err) {
      done(err as Error);
    }
  });
  // The server closed its side: that ends a body read "until close", and
  // with it any hope for the requests not sent yet.
  socket.on("end", () => {
    ended = true;
    try {
      if (started) take(parser.finish());
    } catch (err) {
      return done(err as Error);
    }
    const got = `${responses.length} of ${paths.length} responses`;
    done(new Error(`the server closed the connection after ${got}`));
  });
  socket.on("error", (err) => done(err));
}
