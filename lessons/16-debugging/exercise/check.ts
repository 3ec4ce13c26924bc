// Looks for each of the order service's five bugs in turn, each on a fresh
// service against the bundled server, and says for each one whether it is
// still there: partial progress shows. Where the order of events decides,
// the upstream is a barrier route that this check releases itself, so that
// nothing depends on how fast the machine is.
import { pbkdf2 } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { collectUnhandledRejections } from "../../../src/lib/check-guards.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { barrierPath } from "../../../src/lib/observe.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import {
  RECEIPT_ROUNDS,
  STOCK,
  type LogLine,
  type Order,
  type Service,
  type ServiceOptions,
} from "../order-service.ts";

interface Impl {
  startService(options: ServiceOptions): Promise<Service>;
}

/** The bugs, in the order of hints.md (hint N is bug N). */
const BUGS = [
  "forgotten await",
  "sync block",
  "leaked timer",
  "lost request id",
  "unhandled rejection",
] as const;
type Bug = (typeof BUGS)[number];

interface Finding {
  bug: Bug;
  fixed: boolean;
  /** What the check saw, in one sentence. */
  evidence: string;
}

/** The service's log, with a way to wait for a line. */
class LogBook {
  readonly lines: LogLine[] = [];
  #waiters: (() => void)[] = [];
  write = (line: LogLine): void => {
    this.lines.push(line);
    for (const wake of this.#waiters.splice(0)) wake();
  };
  /** Resolves true once a line matches, false after `ms` without one. */
  async waitFor(match: (line: LogLine) => boolean, ms: number) {
    const deadline = performance.now() + ms;
    while (!this.lines.some(match)) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const next = new Promise<void>((wake) => this.#waiters.push(wake));
      const timer = new AbortController();
      await Promise.race([
        next,
        sleep(left, undefined, { signal: timer.signal }).catch(() => {}),
      ]);
      timer.abort();
    }
    return true;
  }
}

// Every `setInterval` the service makes while the check runs, so that a
// timer it leaks can be told about, and cleared at the end, instead of
// keeping `npm run verify` from exiting.
const intervals: NodeJS.Timeout[] = [];

function watchIntervals(): () => void {
  const original = globalThis.setInterval;
  const counting = ((...args: Parameters<typeof setInterval>) => {
    const timer = original(...args);
    intervals.push(timer);
    return timer;
  }) as typeof setInterval;
  globalThis.setInterval = counting;
  return () => {
    globalThis.setInterval = original;
    for (const timer of intervals.splice(0)) clearInterval(timer);
  };
}

interface Running {
  service: Service;
  log: LogBook;
}

async function start(
  impl: Impl,
  server: ServerClient,
  paths: Partial<ServiceOptions["paths"]> = {},
  metricsEveryMs = 60_000,
): Promise<Running> {
  const log = new LogBook();
  const service = await impl.startService({
    upstream: server.url,
    paths: {
      stock: "/delay/20",
      save: "/delay/20",
      audit: "/delay/5",
      ...paths,
    },
    metricsEveryMs,
    log: log.write,
  });
  return { service, log };
}

async function call(
  service: Service,
  method: string,
  path: string,
  id: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { "x-request-id": id },
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? null : JSON.parse(text),
  };
}

/** Resolve once the server has seen a request to `path`, or throw. */
async function seenAtServer(server: ServerClient, path: string) {
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    const { requests } = await server.stats();
    if (requests.some((r) => r.path.startsWith(path))) return;
    await sleep(10);
  }
  throw new Error(`the service never asked the upstream for ${path}`);
}

async function forgottenAwait(impl: Impl, server: ServerClient) {
  const save = barrierPath(2, 10_000);
  const { service } = await start(impl, server, { save });
  try {
    let answered = false;
    const post = call(service, "POST", "/orders?item=apple", "fa-1");
    void post.then(
      () => (answered = true),
      () => {},
    );
    await seenAtServer(server, save);
    // The save waits at the barrier until this check releases it: a
    // handler that awaits it cannot answer before then.
    const early = await Promise.race([
      post.then(() => true),
      sleep(300).then(() => answered),
    ]);
    await fetch(`${server.url}${save}`).then((r) => r.text());
    const placed = await post;
    const list = await call(service, "GET", "/orders", "fa-2");
    const saved = Array.isArray(list.body) ? (list.body as Order[]) : [];
    if (early) {
      return `POST /orders answered ${placed.status} while its save was still waiting at the upstream: nothing awaited saveOrder`;
    }
    if (!saved.some((order) => order.item === "apple")) {
      return "GET /orders, right after POST /orders answered, did not list the order";
    }
    return null;
  } finally {
    await service.close();
  }
}

const pbkdf2Async = promisify(pbkdf2);

/** `work()`, and how long the loop stood still meanwhile: the longest gap
 * between two ticks of a 5 ms timer. */
async function stillDuring<T>(work: () => Promise<T>) {
  let last = performance.now();
  let stoodStill = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stoodStill = Math.max(stoodStill, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, stoodStill };
  } finally {
    clearInterval(ticker);
    stoodStill = Math.max(stoodStill, performance.now() - last);
  }
}

/** A loop that stood still for most of a request, and more than 60 ms. */
const blocked = ({ ms, stoodStill }: { ms: number; stoodStill: number }) =>
  stoodStill > Math.max(60, ms / 2);

async function syncBlock(impl: Impl, server: ServerClient) {
  const { service } = await start(impl, server);
  try {
    // The signature may be made when the order is placed, too.
    const posted = await stillDuring(() =>
      call(service, "POST", "/orders?item=pear", "sb-1"),
    );
    if (blocked(posted)) {
      return `the event loop stood still for ${Math.round(posted.stoodStill)} ms of the ${Math.round(posted.ms)} ms that POST /orders took: something in placing the order runs on the loop's own thread`;
    }
    const order = posted.value.body as Order;
    // Wait until the order is listed (it is at once, once saving is
    // awaited), so that its receipt exists.
    const deadline = performance.now() + 3000;
    while (performance.now() < deadline) {
      const list = await call(service, "GET", "/orders", "sb-2");
      if (Array.isArray(list.body) && list.body.length > 0) break;
      await sleep(10);
    }
    // How long the loop stood still while the receipt was being made.
    const got = await stillDuring(() =>
      call(service, "GET", `/orders/${order.id}/receipt`, "sb-3"),
    );
    const { value: receipt, ms, stoodStill } = got;
    const text = JSON.stringify(order);
    const key = await pbkdf2Async(
      text,
      "receipt",
      RECEIPT_ROUNDS,
      32,
      "sha256",
    );
    const signature = (receipt.body as { signature?: unknown }).signature;
    if (signature !== key.toString("hex")) {
      return `GET /orders/${order.id}/receipt answered ${receipt.status} with the signature ${JSON.stringify(signature)}, not the pbkdf2 of the order: keep the signature as it was`;
    }
    if (blocked(got)) {
      return `the event loop stood still for ${Math.round(stoodStill)} ms of the ${Math.round(ms)} ms that GET /orders/${order.id}/receipt took: the signature is computed on the loop's own thread`;
    }
    return null;
  } finally {
    await service.close();
  }
}

async function leakedTimer(impl: Impl, server: ServerClient) {
  const before = intervals.length;
  const { service, log } = await start(impl, server, {}, 30);
  const made = intervals.slice(before);
  const isMetrics = (line: LogLine) => line.text.startsWith("metrics:");
  if (!(await log.waitFor(isMetrics, 3000))) {
    await service.close();
    return "no metrics line came within 3 s of the start: keep the metrics timer";
  }
  await service.close();
  const afterClose = log.lines.filter(isMetrics).length;
  // Five periods of the timer: a live one fires again in that time.
  await sleep(150);
  const later = log.lines.filter(isMetrics).length - afterClose;
  if (later === 0) return null;
  const alive = made.some((timer) => timer.hasRef());
  return alive
    ? `the metrics timer fired ${later} more times after close(), and it keeps the process alive: process.getActiveResourcesInfo() still lists its 'Timeout'`
    : `the metrics timer fired ${later} more times after close(): unref() lets the process exit, but the timer still runs while it lives; clear it in close()`;
}

async function lostRequestId(impl: Impl, server: ServerClient) {
  const stock = barrierPath(2, 3000);
  const { service, log } = await start(impl, server, { stock });
  try {
    const first = call(service, "POST", "/orders?item=apple", "A");
    const ordered = (id: string) => (line: LogLine) =>
      line.id === id && line.text === "order for apple";
    await log.waitFor(ordered("A"), 3000);
    const second = call(service, "POST", "/orders?item=apple", "B");
    if (!(await log.waitFor(ordered("B"), 3000))) {
      await Promise.allSettled([first, second]);
      return "request B never logged 'order for apple' with its own id B";
    }
    // Both lookups wait for one upstream request: release it.
    const release = await fetch(`${server.url}${stock}`);
    await release.text();
    await Promise.all([first, second]);
    if (release.status !== 200) {
      return "the two overlapping lookups of apple did not share one upstream request: keep them sharing it";
    }
    const text = `stock of apple: ${STOCK["apple"]}`;
    const ids = log.lines.filter((l) => l.text === text).map((l) => l.id);
    if (ids.sort().join() === "A,B") return null;
    return `request B's line '${text}' was logged with the id ${JSON.stringify(ids.at(-1))} (all ids of that line: ${ids.join(", ")}): its callback ran in the context of request A's lookup`;
  } finally {
    await service.close();
  }
}

async function unhandledRejection(
  impl: Impl,
  server: ServerClient,
  unhandled: readonly unknown[],
) {
  const before = unhandled.length;
  const { service, log } = await start(impl, server, { audit: "/status/503" });
  try {
    const placed = await call(service, "POST", "/orders?item=apple", "U");
    const order = placed.body as Order;
    const auditFailed = (line: LogLine) => /audit.*failed/i.test(line.text);
    const deadline = performance.now() + 1500;
    while (performance.now() < deadline) {
      if (unhandled.length > before || log.lines.some(auditFailed)) break;
      await sleep(10);
    }
    if (unhandled.length > before) {
      return `the audit of order ${order.id} failed (503) and nothing handled it: an unhandled rejection (${String(unhandled.at(-1))}), which ends a Node process`;
    }
    const line = log.lines.find(auditFailed);
    if (line === undefined) {
      return `the audit of order ${order.id} failed (503) and nothing said so: the rejection was caught and dropped, which hides the failure instead of handling it; log it`;
    }
    if (line.id !== "U") {
      return `the audit's failure was logged with the id ${JSON.stringify(line.id)}, not the request's id U`;
    }
    return null;
  } finally {
    await service.close();
  }
}

const EXPECTED =
  "POST /orders answers once the order is saved; a receipt is signed off " +
  "the event loop's thread; close() leaves no timer running; every log " +
  "line carries its own request's id; a failed audit is logged, not left " +
  "unhandled";

export async function check(
  impl: unknown,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["startService"]);
  if (missing) return missing;
  const service = impl as Impl;
  const restore = watchIntervals();
  try {
    const { value: findings } = await collectUnhandledRejections(
      async (unhandled) => {
        const probes: [Bug, () => Promise<string | null>][] = [
          ["forgotten await", () => forgottenAwait(service, server)],
          ["sync block", () => syncBlock(service, server)],
          ["leaked timer", () => leakedTimer(service, server)],
          ["lost request id", () => lostRequestId(service, server)],
          [
            "unhandled rejection",
            () => unhandledRejection(service, server, unhandled),
          ],
        ];
        const found: Finding[] = [];
        for (const [bug, probe] of probes) {
          try {
            const problem = await probe();
            found.push({
              bug,
              fixed: problem === null,
              evidence: problem ?? "",
            });
          } catch (error) {
            found.push({
              bug,
              fixed: false,
              evidence: `the check could not finish: ${String(error)}`,
            });
          }
        }
        return found;
      },
    );
    const left = findings.filter((finding) => !finding.fixed);
    const details = findings.map((finding) =>
      finding.fixed
        ? `fixed: ${finding.bug}`
        : `still there: ${finding.bug}: ${finding.evidence}`,
    );
    const first = left[0];
    return {
      passed: left.length === 0,
      expected: EXPECTED,
      observed:
        first === undefined
          ? "all five bugs are fixed"
          : `${left.length} of 5 bugs ${left.length === 1 ? "is" : "are"} ` +
            `still there: ${left.map((f) => f.bug).join(", ")}`,
      details,
      ...(first !== undefined && { hint: BUGS.indexOf(first.bug) + 1 }),
    };
  } finally {
    restore();
  }
}
