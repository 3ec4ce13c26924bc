// The runs of lesson 2, for `npm run lesson -- 2` and the recorded page output.
// The lesson's modules take callbacks; the runner awaits each run, so this
// file wraps them in promises with `promisify`, the subject of lesson 4.
import { promisify } from "node:util";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { figuresLine, measured, runOriginal } from "../../src/lib/python.ts";
import { countDown } from "./callback-hell.ts";
import { serverClient } from "../../src/server/client.ts";
import { findClosedPort } from "./closed-port.ts";
import { exchange } from "./exchange.ts";
import type { Exchange } from "./exchange.ts";
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";
import { getOverOneConnection } from "./keep-alive.ts";
import { rawGet } from "./raw-get.ts";
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent } from "./response-parser.ts";
import { getTwoAtOnce } from "./two-at-once.ts";
import { runUncaughtChild } from "./uncaught.ts";

const get = promisify(httpGet);
const getRaw = promisify(rawGet);
const bothAtOnce = promisify(getTwoAtOnce);
const countDownFrom = promisify(countDown);
const closedPort = promisify(findClosedPort);
const send = promisify(exchange);
const overOneConnection = promisify(getOverOneConnection);
const runChild = promisify(runUncaughtChild);

// How long to watch a connection after its response for the server to close.
const CLOSE_WAIT_MS = 1000;

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

/** A header's value, as in `content-length: 3`, or null without it. */
function headerLine(head: HttpResponse | Exchange["head"], name: string) {
  const value = head.headers.find(([key]) => key === name)?.[1];
  return value === undefined ? null : `${name}: ${value}`;
}

async function requestLines(ctx: RunContext): Promise<void> {
  const { host } = new URL(ctx.serverUrl);
  const hostLine = `Host: ${host}\r\n`;
  const requests = [
    [
      "the original Python tutorial's request: HTTP/1.0, one line",
      "GET /bar HTTP/1.0\r\n\r\n",
    ],
    ["HTTP/1.1 without a Host line", "GET /bar HTTP/1.1\r\n\r\n"],
    ["HTTP/1.1 with a Host line", `GET /bar HTTP/1.1\r\n${hostLine}\r\n`],
  ] as const;
  for (const [what, request] of requests) {
    const result = await send(`${ctx.serverUrl}/bar`, request, CLOSE_WAIT_MS);
    if (!result) throw new Error("no response");
    const { status, reason } = result.head;
    // The port changes from run to run; the page shows it as PORT.
    const sent = JSON.stringify(request).replace(host, "127.0.0.1:PORT");
    const framing = ["content-length", "transfer-encoding", "connection"]
      .map((name) => headerLine(result.head, name))
      .filter((line) => line !== null);
    ctx.print(what);
    ctx.print(`  sent: ${sent}`);
    ctx.print(
      status === 200
        ? `  got:  ${status} ${reason}; ${framing.join("; ")}`
        : `  got:  ${status} ${reason}`,
    );
    const body =
      status === 200 ? `body ${JSON.stringify(String(result.body))}, ` : "";
    ctx.print(
      result.closedByServer
        ? `  ${body}then the server closed the connection`
        : `  ${body}and the connection was still open ` +
            `${formatMs(CLOSE_WAIT_MS)} later`,
    );
  }
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

async function keepAlive(ctx: RunContext): Promise<void> {
  const paths = ["/bar", "/foo"];
  const start = performance.now();
  const responses = await overOneConnection(ctx.serverUrl, paths);
  const ms = performance.now() - start;
  ctx.print("two requests, one after the other, on one connection:");
  responses?.forEach((response, i) => {
    const body = JSON.stringify(response.body.toString());
    const framing = ["content-length", "connection"]
      .map((name) => headerLine(response, name))
      .join("; ");
    ctx.print(`  GET ${paths[i]} -> ${response.status} ${body} (${framing})`);
  });
  ctx.print(`  both answered after ${formatMs(ms)}`);
  const stats = await serverClient(ctx.serverUrl, ctx.echo).stats();
  const ids = new Set(stats.requests.map((request) => request.connectionId));
  const connections = stats.totalConnections;
  ctx.print(
    `the server saw ${stats.totalRequests} requests over ${connections} ` +
      `connection${connections === 1 ? "" : "s"}, ` +
      (ids.size === 1 ? "the same one for both" : `${ids.size} in its log`),
  );
}

async function uncaught(ctx: RunContext): Promise<void> {
  const outcome = await runChild(`${ctx.serverUrl}/delay/0`);
  if (!outcome) throw new Error("the child process did not run");
  ctx.print("a child process ran throwInCallback; it printed:");
  for (const line of outcome.stdout.trimEnd().split("\n")) {
    ctx.print(`  ${line}`);
  }
  // Node printed the stack: show the error and where the stack begins.
  const stderr = outcome.stderr.split("\n").map((line) => line.trim());
  const error = stderr.find((line) => line.startsWith("Error:"));
  const bottom = stderr.filter((line) => line.startsWith("at ")).at(-1);
  ctx.print("on stderr, the error and the bottom of its stack:");
  ctx.print(`  ${error}`);
  ctx.print(`  ${bottom?.replace(/ \(.*\)$/, "")}`);
  ctx.print(`it exited with code ${outcome.code}`);
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

const CALLBACKS_PY = new URL("./callbacks.py", import.meta.url).pathname;

/** The TypeScript two-at-once, then the asyncio original, in one run. */
async function asyncioOriginal(ctx: RunContext): Promise<void> {
  const url = (path: string): string => `${ctx.serverUrl}${path}`;
  const ours = await measured(ctx, () => bothAtOnce(url("/bar"), url("/foo")));
  ctx.print("TypeScript, two httpGet calls and a counter:");
  ctx.print(`  both answered after ${formatMs(ours.wallMs)}`);
  const python = await measured(ctx, () =>
    runOriginal(ctx, CALLBACKS_PY, [ctx.serverUrl]),
  );
  if (python.value === null) return;
  ctx.print("python3 callbacks.py, a selector and callbacks, printed:");
  for (const line of python.value) ctx.print(`  ${line}`);
  ctx.print("as the server saw them, in this run:");
  ctx.print(`  ${figuresLine("TypeScript", ours.requests)}`);
  ctx.print(`  ${figuresLine("Python", python.requests)}`);
}

export const runs: LessonRun[] = [
  {
    name: "one-request",
    title: "GET /bar over a raw socket, parsed by hand",
    run: oneRequest,
  },
  {
    name: "request-lines",
    title: "Three GETs by hand: HTTP/1.0, then HTTP/1.1 without and with Host",
    run: requestLines,
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
    name: "keep-alive",
    title: "GET /bar, then GET /foo, over one keep-alive connection",
    run: keepAlive,
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
  {
    name: "uncaught",
    title: "A throw in a socket callback: an uncaughtException, exit code 1",
    run: uncaught,
    timeline: false,
  },
  {
    name: "asyncio-original",
    title: "The same two GETs in TypeScript, then in Python with selectors",
    run: asyncioOriginal,
  },
];
