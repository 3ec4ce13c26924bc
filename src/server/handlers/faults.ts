// Ways a server can fail a client, for the timeout and error lessons.
import { onClose, sendHead, type Handler } from "../context.ts";
import { intParam } from "../params.ts";
import { CLOSE_REASON_HEADER } from "../types.ts";

// The request has been read; answer with a TCP RST instead of a response.
export const reset: Handler = (ctx) => {
  ctx.stats.finish(ctx.record, "reset");
  ctx.req.socket.resetAndDestroy();
};

// Never answers. There is no timer to leak: the request ends when the client
// gives up, when the server's `close()` destroys the connection, or when the
// server cuts a connection on which nothing has moved for too long (75 s by
// default; see `inactivityTimeoutMs` in index.ts).
export const hang: Handler = () => {};

/** Why `/fault/slow-headers` closes its connection, sent as a header. */
export const SLOW_HEADERS_CLOSE =
  "the response was written by hand on the socket, past Node's HTTP " +
  "machinery, so the connection cannot carry another request";

const SLOW_HEADERS_BODY = "slow headers done\n";

// Writes the response by hand on the socket: the status line, then one header
// line every `ms`, so a client's headers timeout has something to catch.
export const slowHeaders: Handler = (ctx) => {
  const ms = intParam(
    "ms",
    ctx.query.get("ms"),
    { min: 0, max: 10_000, unit: "ms" },
    500,
  );
  const lines = intParam(
    "lines",
    ctx.query.get("lines"),
    { min: 1, max: 50 },
    5,
  );
  const socket = ctx.req.socket;
  const body = ctx.req.method === "HEAD" ? "" : SLOW_HEADERS_BODY;
  ctx.stats.firstByte(ctx.record, 200);
  socket.write("HTTP/1.1 200 OK\r\n");
  let written = 0;
  const timer = setInterval(() => {
    written++;
    socket.write(`x-slow-${written}: ${written}\r\n`);
    if (written < lines) return;
    clearInterval(timer);
    // The HTTP machinery never saw this response, so the connection cannot
    // be reused: close it after the body.
    socket.end(
      "content-type: text/plain; charset=utf-8\r\n" +
        `content-length: ${SLOW_HEADERS_BODY.length}\r\n` +
        `connection: close\r\n` +
        `${CLOSE_REASON_HEADER}: ${SLOW_HEADERS_CLOSE}\r\n\r\n${body}`,
    );
    ctx.stats.finish(ctx.record, "ok");
  }, ms);
  onClose(ctx, () => clearInterval(timer));
};

// Promises 100 bytes, sends 10, then closes the connection. The log marks it
// "reset": the server cut the response short.
export const closeEarly: Handler = (ctx) => {
  sendHead(ctx, 200, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": 100,
  });
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  ctx.res.write("0123456789", () => {
    ctx.stats.finish(ctx.record, "reset");
    ctx.req.socket.destroy();
  });
};
