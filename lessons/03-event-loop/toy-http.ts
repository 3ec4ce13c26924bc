// A callback-style HTTP GET that runs on the toy loop: every socket event
// reaches our code as a callback the toy loop runs, never straight from Node.
import { connect } from "node:net";
import { ResponseParser } from "../02-callbacks-and-sockets/response-parser.ts";
import type { ToyLoop } from "./toy-loop.ts";

export interface ToyResponse {
  status: number;
  body: string;
}

export type ResponseCallback = (
  error: Error | null,
  response?: ToyResponse,
) => void;

// #region get
/** GET `url` on `loop`; call `done` once with the response or an error. */
export function getOnLoop(
  loop: ToyLoop,
  url: string,
  name: string,
  done: ResponseCallback,
): void {
  const { hostname, port, host, pathname, search } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) || 80 });
  const parser = new ResponseParser();
  let status = 0;
  const body: Buffer[] = [];
  let finished = false;

  // Each watch is one "file descriptor" registered with the loop.
  const unwatchAll = [
    loop.watch(socket, "connect", onConnect, `${name}: connect`),
    loop.watch(socket, "data", onData, `${name}: data`),
    loop.watch(socket, "end", onEnd, `${name}: end`),
    loop.watch(socket, "error", finish, `${name}: error`),
  ];

  // HTTP/1.1 requires a Host line. `host` is the URL's host with its port
  // (`127.0.0.1:8080`), which is what the server must be told.
  function onConnect(): void {
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\n` +
        "Connection: close\r\n\r\n",
    );
  }

  function onData(chunk: Buffer): void {
    try {
      take(parser.feed(chunk));
    } catch (error) {
      finish(error as Error);
    }
  }

  function onEnd(): void {
    try {
      take(parser.finish());
    } catch (error) {
      finish(error as Error);
    }
  }

  function take(events: ReturnType<ResponseParser["feed"]>): void {
    for (const event of events) {
      if (event.type === "head") status = event.head.status;
      if (event.type === "body") body.push(event.bytes);
      if (event.type === "end") finish(null);
    }
  }

  // Unwatching the socket is what lets `loop.run()` come to an end.
  function finish(error: Error | null): void {
    if (finished) return;
    finished = true;
    for (const unwatch of unwatchAll) unwatch();
    socket.destroy();
    if (error) done(error);
    else done(null, { status, body: Buffer.concat(body).toString("utf8") });
  }
}
// #endregion
