// `/status/:code` (at once, or after `?after=MS`) and `/echo`.
import { STATUS_CODES } from "node:http";
import {
  sendHead,
  sendText,
  writeBody,
  type Handler,
  type RequestContext,
} from "../context.ts";
import { intParam } from "../params.ts";
import { DELAY_BOUNDS, later } from "./timed.ts";
import { CLOSE_REASON_HEADER } from "../types.ts";

// These statuses must not carry a body, not even a Content-Length.
const BODYLESS = new Set([204, 205, 304]);

export const status: Handler = (ctx) => {
  const code = intParam("status", ctx.param, { min: 200, max: 599 });
  const afterMs = intParam("after", ctx.query.get("after"), DELAY_BOUNDS, 0);
  if (afterMs === 0) answerStatus(ctx, code);
  else later(ctx, afterMs, () => answerStatus(ctx, code));
};

function answerStatus(ctx: RequestContext, code: number): void {
  if (BODYLESS.has(code)) {
    ctx.stats.firstByte(ctx.record, code);
    ctx.res.writeHead(code).end();
    return;
  }
  sendText(ctx, code, `${code} ${STATUS_CODES[code] ?? "Unknown Status"}\n`);
}

export const ECHO_BODY_LIMIT = 1024 * 1024;

function tooLarge(ctx: RequestContext): void {
  // Closing the connection spares us reading the rest of a huge body.
  sendText(
    ctx,
    413,
    `request body is larger than the ${ECHO_BODY_LIMIT} bytes /echo accepts\n`,
    {
      connection: "close",
      [CLOSE_REASON_HEADER]: "the rest of the body is not read",
    },
  );
}

export const echo: Handler = (ctx) => {
  const declared = Number(ctx.req.headers["content-length"] ?? 0);
  if (declared > ECHO_BODY_LIMIT) return tooLarge(ctx);
  const chunks: Buffer[] = [];
  let size = 0;
  ctx.req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > ECHO_BODY_LIMIT) {
      ctx.req.removeAllListeners("data");
      ctx.req.removeAllListeners("end");
      tooLarge(ctx);
      return;
    }
    chunks.push(chunk);
  });
  ctx.req.on("end", () => {
    if (ctx.res.destroyed) return;
    const body = Buffer.concat(chunks).toString("utf8");
    sendHead(ctx, 200, {
      "content-type": "application/json",
      "transfer-encoding": "chunked",
    });
    if (ctx.req.method === "HEAD") return void ctx.res.end();
    // Escaped piece by piece as the client reads: a body of control
    // characters grows six-fold in JSON, and a client that never reads
    // must not make the server hold all of that.
    void writeBody(ctx.res, echoJson(ctx, body));
  });
};

const PIECE = 16 * 1024;

function* echoJson(ctx: RequestContext, body: string): Generator<string> {
  const { method, url, headers } = ctx.req;
  const head = JSON.stringify({ method, path: url, headers });
  yield `${head.slice(0, -1)},"body":"`;
  // Each piece escaped alone is the same text as the whole escaped at once
  // (a surrogate pair cut in two becomes two escapes that parse back to it).
  for (let at = 0; at < body.length; at += PIECE) {
    yield JSON.stringify(body.slice(at, at + PIECE)).slice(1, -1);
  }
  yield '"}';
}
