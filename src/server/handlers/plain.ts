// Routes that answer at once: `/status/:code` and `/echo`.
import { STATUS_CODES } from "node:http";
import { sendText, type Handler, type RequestContext } from "../context.ts";
import { intParam } from "../params.ts";

// These statuses must not carry a body, not even a Content-Length.
const BODYLESS = new Set([204, 205, 304]);

export const status: Handler = (ctx) => {
  const code = intParam("status", ctx.param, { min: 200, max: 599 });
  if (BODYLESS.has(code)) {
    ctx.stats.firstByte(ctx.record, code);
    ctx.res.writeHead(code).end();
    return;
  }
  sendText(ctx, code, `${code} ${STATUS_CODES[code] ?? "Unknown Status"}\n`);
};

export const ECHO_BODY_LIMIT = 1024 * 1024;

function tooLarge(ctx: RequestContext): void {
  // Closing the connection spares us reading the rest of a huge body.
  sendText(
    ctx,
    413,
    `request body is larger than the ${ECHO_BODY_LIMIT} bytes /echo accepts\n`,
    { connection: "close" },
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
    const { method, url, headers } = ctx.req;
    const body = Buffer.concat(chunks).toString("utf8");
    const json = JSON.stringify({ method, path: url, headers, body });
    sendText(ctx, 200, json, { "content-type": "application/json" });
  });
};
