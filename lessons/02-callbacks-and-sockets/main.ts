// The runs of lesson 2, for `npm run lesson -- 2` and the recorded page output.
// The lesson's modules take callbacks; the runner awaits each run, so this
// file wraps them in promises with `promisify`, the subject of lesson 4.
import { promisify } from "node:util";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { countDown } from "./callback-hell.ts";
import { findClosedPort } from "./closed-port.ts";
import { httpGet } from "./http-get.ts";
import { rawGet } from "./raw-get.ts";
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent } from "./response-parser.ts";
import { getTwoAtOnce } from "./two-at-once.ts";

const get = promisify(httpGet);
const getRaw = promisify(rawGet);
const bothAtOnce = promisify(getTwoAtOnce);
const countDownFrom = promisify(countDown);
const closedPort = promisify(findClosedPort);

/** A system error's code has no port numbers in it, unlike its message. */
function describeError(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  return code ?? message;
}

async function oneRequest(ctx: RunContext): Promise<void> {
  const start = performance.now();
  const response = await get(`${ctx.serverUrl}/bar`, { signal: ctx.signal });
  const ms = performance.now() - start;
  if (!response) throw new Error("no response");
  const names = response.headers.map(([name]) => name);
  ctx.print(`status: ${response.status} ${response.reason}`);
  ctx.print(`${names.length} headers: ${names.join(", ")}`);
  ctx.print(`body: ${JSON.stringify(response.body.toString())}`);
  ctx.print(`answered after ${formatMs(ms)}`);
}

function describeEvent(event: ParseEvent): string {
  if (event.type === "head") {
    const { status, reason, headers } = event.head;
    return `head: ${status} ${reason}, ${headers.length} headers`;
  }
  if (event.type === "body") {
    const text = JSON.stringify(event.bytes.toString("latin1"));
    return `body: ${event.bytes.length} bytes ${text}`;
  }
  return "end";
}

async function chunked(ctx: RunContext): Promise<void> {
  const path = "/chunked?parts=3&size=4";
  const bytes = await getRaw(`${ctx.serverUrl}${path}`);
  if (!bytes) throw new Error("no bytes");
  const text = bytes.toString("latin1");
  // The headers carry today's date; the framing after them is the point.
  const bodyStart = text.indexOf("\r\n\r\n") + 4;
  ctx.print(`GET ${path}: the bytes after the headers, line by line`);
  for (const line of text.slice(bodyStart).split(/(?<=\r\n)/)) {
    ctx.print(`  ${JSON.stringify(line)}`);
  }
  ctx.print("the parser, fed the whole response at once, reports:");
  const parser = new ResponseParser();
  for (const event of parser.feed(bytes)) {
    ctx.print(`  ${describeEvent(event)}`);
  }
}

async function twoAtOnce(ctx: RunContext): Promise<void> {
  const paths = ["/bar", "/foo"] as const;
  const start = performance.now();
  const responses = await bothAtOnce(
    `${ctx.serverUrl}${paths[0]}`,
    `${ctx.serverUrl}${paths[1]}`,
  );
  const ms = performance.now() - start;
  responses?.forEach((response, i) => {
    const body = JSON.stringify(response.body.toString());
    ctx.print(`GET ${paths[i]} -> ${response.status} ${body}`);
  });
  ctx.print(`both answered after ${formatMs(ms)}`);
}

async function countdowns(ctx: RunContext): Promise<void> {
  for (const startMs of [250, 150]) {
    ctx.print(`countdown from ${startMs} ms:`);
    const start = performance.now();
    try {
      const waited = await countDownFrom(ctx.serverUrl, startMs);
      const steps = (waited ?? []).map((ms) => `${ms} ms`).join(", then ");
      const total = formatMs(performance.now() - start);
      ctx.print(`  waited ${steps}; ${total} in all`);
    } catch (err) {
      ctx.print(`  error: ${describeError(err)}`);
    }
  }
}

async function errors(ctx: RunContext): Promise<void> {
  const port = await closedPort();
  const attempts = [
    ["GET /fault/close-early", `${ctx.serverUrl}/fault/close-early`],
    ["GET /fault/reset", `${ctx.serverUrl}/fault/reset`],
    [
      "GET from the TCP echo server",
      `http://${ctx.echo.host}:${ctx.echo.port}/`,
    ],
    ["GET from a port nobody listens on", `http://127.0.0.1:${port}/`],
  ] as const;
  for (const [what, url] of attempts) {
    try {
      const response = await get(url, { signal: ctx.signal });
      ctx.print(`${what} -> ${response?.status} (no error)`);
    } catch (err) {
      ctx.print(`${what} -> error: ${describeError(err)}`);
    }
  }
}

export const runs: LessonRun[] = [
  {
    name: "one-request",
    title: "GET /bar over a raw socket, parsed by hand",
    run: oneRequest,
  },
  {
    name: "chunked",
    title: "A chunked response: the bytes on the wire, then the parser's view",
    run: chunked,
  },
  {
    name: "two-at-once",
    title: "GET /bar and GET /foo at once, with callbacks and a counter",
    run: twoAtOnce,
  },
  {
    name: "callback-hell",
    title: "Three dependent requests in nested callbacks, then a failing step",
    run: countdowns,
  },
  {
    name: "errors",
    title: "Four ways a request fails, each reported once to the callback",
    run: errors,
  },
];
