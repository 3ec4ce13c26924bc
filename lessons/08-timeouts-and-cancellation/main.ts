// The runs of lesson 8, for `npm run lesson -- 8` and the recorded page output.
import { promisify } from "node:util";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { serverClient } from "../../src/server/client.ts";
import { mulberry32 } from "../../src/server/prng.ts";
import { findClosedPort } from "../02-callbacks-and-sockets/closed-port.ts";
import { httpGet } from "../02-callbacks-and-sockets/http-get.ts";
import { measured, runOriginal } from "../../src/lib/python.ts";
import type { RequestRecord } from "../../src/server/types.ts";
import { classifyFailure } from "./classify.ts";
import { getText } from "./get-text.ts";
import { retry } from "./retry.ts";
import { Session, type SessionClosed } from "./session.ts";
import { getWithTimeout, headersWithin, whyStopped } from "./timeouts.ts";

const closedPort = promisify(findClosedPort);

const DEADLINE_MS = 300;
const CANCEL_AT_MS = 150;

/** Settle `work`, timing it; never throws. */
async function settle<T>(work: Promise<T>) {
  const start = performance.now();
  const done = await work.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...done, ms: performance.now() - start };
}

/** An abort signal that fires after `ms`, or when the run is stopped. */
function cancelAfter(ctx: RunContext, ms: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  controller.signal.addEventListener("abort", () => clearTimeout(timer));
  return AbortSignal.any([ctx.signal, controller.signal]);
}

/** How many requests the server still has in flight, once it has caught up. */
async function inFlightAfter(ctx: RunContext): Promise<number> {
  const client = serverClient(ctx.serverUrl, ctx.echo);
  // The server hears about a closed socket a moment after we close it.
  for (let tries = 0; tries < 50; tries++) {
    const { inFlight } = await client.stats();
    if (inFlight === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await client.stats()).inFlight;
}

function errorName(error: unknown): string {
  return classifyFailure(error).shape;
}

async function deadlines(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const cases = [
    ["/delay/100 with a 300 ms deadline", "/delay/100", () => ctx.signal],
    ["/delay/1000 with a 300 ms deadline", "/delay/1000", () => ctx.signal],
    [
      `/delay/1000, cancelled by the caller at ${formatMs(CANCEL_AT_MS)}`,
      "/delay/1000",
      () => cancelAfter(ctx, CANCEL_AT_MS),
    ],
  ] as const;
  for (const [what, path, signal] of cases) {
    const { value, error, ms } = await settle(
      getWithTimeout(`${url}${path}`, DEADLINE_MS, signal()),
    );
    ctx.print(`GET ${what}`);
    if (value !== undefined) ctx.print(`  -> ${value.trim()}`);
    else ctx.print(`  -> ${whyStopped(error)}: ${errorName(error)}`);
    ctx.print(`  settled after ${formatMs(ms)}`);
  }
}

async function rawCancel(ctx: RunContext): Promise<void> {
  const abortAtMs = 200;
  ctx.print(
    `GET /fault/hang over a raw socket, aborted at ${formatMs(abortAtMs)}`,
  );
  const controller = new AbortController();
  const signal = AbortSignal.any([ctx.signal, controller.signal]);
  let calledBack = false;
  const start = performance.now();
  const settled = new Promise<unknown>((resolve) => {
    httpGet(`${ctx.serverUrl}/fault/hang`, { signal }, (error) => {
      calledBack = true;
      resolve(error);
    });
  });
  await new Promise((resolve) => setTimeout(resolve, abortAtMs));
  controller.abort();
  // Abort listeners run inside `abort()`, so this line runs after them.
  ctx.print(`  the callback had run when abort() returned: ${calledBack}`);
  const error = await settled;
  const ms = performance.now() - start;
  ctx.print(`  the callback got: ${errorName(error)}, after ${formatMs(ms)}`);
  const inFlight = await inFlightAfter(ctx);
  const { requests } = await serverClient(ctx.serverUrl, ctx.echo).stats();
  const hang = requests.find((r) => r.path === "/fault/hang");
  ctx.print(`  the server logged GET /fault/hang as: ${hang?.outcome}`);
  ctx.print(`  requests still in flight on the server: ${inFlight}`);
}

async function failureModes(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const port = await closedPort();
  const within = (path: string) => () =>
    getWithTimeout(`${url}${path}`, DEADLINE_MS, ctx.signal);
  const modes: [string, () => Promise<unknown>][] = [
    ["connection refused", () => getText(`http://127.0.0.1:${port}/`)],
    ["/fault/reset", within("/fault/reset")],
    ["/fault/hang", within("/fault/hang")],
    [
      "/fault/slow-headers (a headers deadline)",
      () => headersWithin(`${url}/fault/slow-headers`, DEADLINE_MS, ctx.signal),
    ],
    ["/fault/close-early", within("/fault/close-early")],
    ["/status/503", within("/status/503")],
    ["/status/404", within("/status/404")],
  ];
  ctx.print(`each request has a ${formatMs(DEADLINE_MS)} deadline`);
  for (const [what, request] of modes) {
    const { error, ms } = await settle(request());
    const failure = classifyFailure(error);
    const action = failure.retryable ? "retry" : "give up";
    ctx.print(`${what}, failed after ${formatMs(ms)}:`);
    ctx.print(`  ${failure.shape} -> ${action}`);
  }
}

// The same seed every time, so the recorded waits can be replayed.
const RETRY_SEED = 8;
const ATTEMPT_TIMEOUT_MS = 200;

async function retries(ctx: RunContext): Promise<void> {
  const url = ctx.serverUrl;
  const limits = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  const options = { ...limits, totalMs: 5000, random: mulberry32(RETRY_SEED) };
  // A different failure on each attempt, then a success.
  const plan = ["/fault/hang", "/status/503", "/fault/reset", "/delay/50"];
  const planned = await settle(
    retry(
      async (attempt, signal) => {
        const path = plan[attempt - 1] ?? "/delay/50";
        const body = await getWithTimeout(
          `${url}${path}`,
          ATTEMPT_TIMEOUT_MS,
          signal,
        );
        return `attempt ${attempt}: ${body.trim()}`;
      },
      {
        ...options,
        signal: ctx.signal,
        onRetry(attempt, failure, delayMs) {
          ctx.print(`attempt ${attempt}: ${failure.shape}`);
          ctx.print(`  waiting ${formatMs(delayMs)} before the next one`);
        },
      },
    ),
  );
  ctx.print(`${planned.value}, after ${formatMs(planned.ms)} in all`);

  let tries = 0;
  const notFound = await settle(
    retry(
      (_attempt, signal) => {
        tries++;
        return getText(`${url}/status/404`, { signal });
      },
      { ...options, signal: ctx.signal },
    ),
  );
  ctx.print(`GET /status/404: ${errorName(notFound.error)}`);
  ctx.print(`  not retried: ${tries} attempt, ${formatMs(notFound.ms)}`);

  // Waits of up to two seconds, and a caller who stops us during one.
  const cancelled = await settle(
    retry((_attempt, signal) => getText(`${url}/status/503`, { signal }), {
      ...options,
      baseDelayMs: 2000,
      maxDelayMs: 2000,
      signal: cancelAfter(ctx, DEADLINE_MS),
    }),
  );
  ctx.print(`GET /status/503, waits up to ${formatMs(2000)}, cancelled:`);
  ctx.print(`  ${errorName(cancelled.error)}, after ${formatMs(cancelled.ms)}`);
}

type SessionBlock = (session: Session, ctx: RunContext) => Promise<unknown>;

const SESSION_BLOCKS: [string, SessionBlock][] = [
  ["GET /delay/100", (session) => session.get("/delay/100")],
  [
    "GET /delay/1000 and GET /fault/reset together",
    (session) =>
      Promise.all([session.get("/delay/1000"), session.get("/fault/reset")]),
  ],
  [
    `GET /fault/hang, and the caller aborts at ${formatMs(200)}`,
    (session, ctx) => session.get("/fault/hang", cancelAfter(ctx, 200)),
  ],
];

async function cleanup(ctx: RunContext): Promise<void> {
  const onClose = ({ cancelled, sockets }: SessionClosed) =>
    ctx.print(
      `  session closed: cancelled ${cancelled} request(s), closed ${sockets} socket(s)`,
    );
  for (const [what, block] of SESSION_BLOCKS) {
    ctx.print(what);
    let kept: Session | undefined;
    try {
      // #region await-using
      {
        // The session is disposed when this block is left, however.
        await using session = new Session(ctx.serverUrl, onClose);
        kept = session;
        await block(session, ctx);
      }
      // #endregion
      ctx.print("  then the block finished");
    } catch (error) {
      ctx.print(`  then the block threw ${errorName(error)}`);
    }
    ctx.print(`  sockets of the session still open: ${kept?.openSockets}`);
  }
  const inFlight = await inFlightAfter(ctx);
  ctx.print(`requests still in flight on the server: ${inFlight}`);
}

const TIMEOUTS_PY = new URL("./timeouts.py", import.meta.url).pathname;

/** How long each of the first three requests was open, by the server. */
function openFor(log: RequestRecord[]): string {
  return log
    .slice(0, 3)
    .map((r) => {
      const ms = (r.finishedAt ?? r.arrivedAt) - r.arrivedAt;
      return `${r.path} ${r.outcome} after ${formatMs(ms)}`;
    })
    .join(", ");
}

/** timeouts.py, then the TypeScript deadlines, in one run. */
async function asyncioOriginal(ctx: RunContext): Promise<void> {
  const python = await measured(ctx, () =>
    runOriginal(ctx, TIMEOUTS_PY, [ctx.serverUrl], ["asyncio", "aiohttp"]),
  );
  if (python.value === null) return;
  ctx.print("python3 timeouts.py, with aiohttp, printed:");
  for (const line of python.value) ctx.print(`  ${line}`);
  ctx.print("getWithTimeout, the same three deadlines, in this run:");
  const ours = await measured(ctx, () =>
    deadlines({ ...ctx, print: (line) => ctx.print(`  ${line}`) }),
  );
  ctx.print("the three deadlines, as the server saw each request end:");
  ctx.print(`  Python: ${openFor(python.requests)}`);
  ctx.print(`  TypeScript: ${openFor(ours.requests)}`);
}

export const runs: LessonRun[] = [
  {
    name: "deadlines",
    title: "A deadline that is met, one that passes, and a caller who cancels",
    run: deadlines,
  },
  {
    name: "raw-cancel",
    title: "Aborting lesson 2's raw-socket request: the socket is destroyed",
    run: rawCancel,
  },
  {
    name: "failure-modes",
    title: "Each of the server's faults, as Node reports it",
    run: failureModes,
  },
  {
    name: "retry",
    title: "Retries with backoff: three failures, a 404, a cancelled wait",
    run: retries,
  },
  {
    name: "cleanup",
    title: "await using: the session closes on success, error and abort",
    run: cleanup,
  },
  {
    name: "asyncio-original",
    title: "timeouts.py: wait_for, asyncio.timeout, cancel(), ClientTimeout",
    run: asyncioOriginal,
  },
];
