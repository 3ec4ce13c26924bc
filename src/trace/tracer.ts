// The half of the loop tracer that runs inside the traced program's process:
// it watches every asynchronous resource through `async_hooks`, the
// request and socket channels through `diagnostics_channel`, and the
// program's `console.log` lines, and keeps them in the order they happened.
// It never writes while the program runs (writing would itself be I/O on
// the loop it watches); `saveRawTrace` writes everything at exit.
import { createHook } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import type { RawEvent, RawTrace } from "../lib/loop-trace-types.ts";

const TRACER_FILES = ["/src/trace/tracer.ts", "/src/trace/run.ts"];
// Frames that belong to the scheduling API itself, not to its caller.
const API_FRAMES = [
  "node:internal/async_hooks",
  "node:async_hooks",
  "node:internal/process/task_queues",
  "node:internal/timers",
  "node:timers",
  "(<anonymous>)",
];
// Resource types whose callbacks are I/O, kept whoever created them.
const IO_TYPES = new Set([
  "TCPWRAP",
  "TCPCONNECTWRAP",
  "WRITEWRAP",
  "SHUTDOWNWRAP",
  "FSREQCALLBACK",
  "GETADDRINFOREQWRAP",
]);

interface StreamHandle {
  bytesRead?: number;
  bytesWritten?: number;
  owner?: { destroyed?: boolean };
}

interface ConnectRequest {
  address?: string;
  port?: number;
}

const events: RawEvent[] = [];
const seen = new Set<number>();
// Open TCP handles and how many bytes each had moved when last looked at.
const sockets = new Map<
  number,
  { handle: StreamHandle; read: number; written: number }
>();
const origin = performance.now();
let quiet = 0;

function now(): number {
  return Math.round((performance.now() - origin) * 1000) / 1000;
}

interface CallSite {
  /** `file:line` of the first frame outside the scheduling API. */
  site: string;
  /** That frame is Node's or a library's, not the program's. */
  internal: boolean;
  /** `file:line` of the program's innermost frame, if any. */
  userSite: string;
  /** The function named in the first frame outside the API, e.g. "stat". */
  caller: string;
}

/** Where the code that created a resource is. */
function callSite(): CallSite {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 24;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  const frames = (holder.stack ?? "").split("\n").slice(1);
  let first: CallSite | undefined;
  for (const frame of frames) {
    if (TRACER_FILES.some((file) => frame.includes(file))) continue;
    if (API_FRAMES.some((api) => frame.includes(api))) continue;
    const where = /\(?((?:file|node):[^\s()]+?):(\d+):\d+\)?$/.exec(frame);
    if (where === null) continue;
    const file = where[1] ?? "";
    const internal =
      file.startsWith("node:") || file.includes("/node_modules/");
    const site = `${file.replace(/^.*\//, "")}:${where[2]}`;
    const caller = /^\s*at (?:async )?([\w$.]+) \(/.exec(frame)?.[1] ?? "";
    first ??= { site, internal, userSite: "", caller };
    if (!internal) return { ...first, userSite: site };
  }
  return first ?? { site: "", internal: true, userSite: "", caller: "" };
}

/** Bytes written on each open socket since the last look. */
function noteWrites(): void {
  for (const [id, socket] of sockets) {
    const written = socket.handle.bytesWritten ?? socket.written;
    if (written > socket.written) {
      events.push({
        e: "write",
        id,
        bytes: written - socket.written,
        at: now(),
      });
      socket.written = written;
    }
  }
}

function describe(type: string, resource: unknown): string {
  const r = resource as {
    _idleTimeout?: number;
    _repeat?: number | null;
  } & ConnectRequest;
  if (type === "Timeout") {
    const kind = typeof r._repeat === "number" ? "setInterval" : "setTimeout";
    return `${kind} ${Math.max(0, r._idleTimeout ?? 0)} ms`;
  }
  if (type === "TCPCONNECTWRAP") return `connect ${r.address}:${r.port}`;
  return "";
}

const hook = createHook({
  init(id, type, trigger, resource) {
    if (quiet > 0 || type === "PIPEWRAP" || type === "TTYWRAP") return;
    seen.add(id);
    const where = callSite();
    const io = IO_TYPES.has(type);
    events.push({
      e: "init",
      id,
      type,
      trigger,
      // I/O is named by the program's line that asked for it.
      site: io && where.userSite !== "" ? where.userSite : where.site,
      internal: where.internal && !io,
      detail:
        type === "FSREQCALLBACK"
          ? `fs.${where.caller.replace(/^.*\./, "")} callback`
          : describe(type, resource),
      at: now(),
    });
    if (type === "TCPWRAP") {
      sockets.set(id, {
        handle: resource as StreamHandle,
        read: 0,
        written: 0,
      });
    }
  },
  before(id) {
    if (!seen.has(id)) return;
    const socket = sockets.get(id);
    if (socket === undefined) {
      events.push({ e: "before", id, at: now() });
      return;
    }
    // A TCP handle's callback is a read (its byte count has already
    // moved) or, once its socket is destroyed, the close callback.
    const closing = socket.handle.owner?.destroyed === true;
    const read = socket.handle.bytesRead ?? socket.read;
    events.push({
      e: "before",
      id,
      at: now(),
      ...(closing ? { closing } : { bytes: read - socket.read }),
    });
    socket.read = read;
  },
  after(id) {
    if (!seen.has(id)) return;
    noteWrites();
    events.push({ e: "after", id, at: now() });
  },
  promiseResolve(id) {
    if (seen.has(id)) events.push({ e: "resolve", id, at: now() });
  },
  destroy(id) {
    if (!seen.has(id)) return;
    sockets.delete(id);
    events.push({ e: "destroy", id, at: now() });
  },
});

interface UndiciRequest {
  method?: string;
  path?: string;
}

function onChannel(name: string, what: (message: unknown) => string): void {
  subscribe(name, (message) => {
    if (quiet > 0) return;
    events.push({ e: "channel", name, detail: what(message), at: now() });
  });
}

function request(message: unknown): UndiciRequest {
  return (message as { request?: UndiciRequest }).request ?? {};
}

/** Starts recording; the program's `console.log` lines become events too. */
export function startTrace(): void {
  onChannel("undici:request:create", (m) => {
    const r = request(m);
    return `${r.method} ${r.path}`;
  });
  onChannel("undici:request:headers", (m) => {
    const r = request(m);
    const status = (m as { response?: { statusCode?: number } }).response;
    return `${r.method} ${r.path} ${status?.statusCode}`;
  });
  onChannel("undici:request:trailers", (m) => {
    const r = request(m);
    return `${r.method} ${r.path}`;
  });
  onChannel("http.client.request.start", (m) => {
    const r = request(m);
    return `${r.method} ${r.path}`;
  });
  onChannel("http.client.response.finish", (m) => {
    const r = request(m);
    return `${r.method} ${r.path}`;
  });
  const log = console.log.bind(console);
  console.log = (...items: unknown[]) => {
    const text = items.map((item) => String(item)).join(" ");
    events.push({ e: "log", text, at: now() });
    // Writing to stdout creates resources of its own: not the program's.
    quiet += 1;
    try {
      log(...items);
    } finally {
      quiet -= 1;
    }
  };
  hook.enable();
}

export function markMain(action: "start" | "end"): void {
  if (action === "end") noteWrites();
  events.push({ e: "main", action, at: now() });
}

/** Writes what was recorded to `file`, as JSON. */
export function saveRawTrace(file: string): void {
  hook.disable();
  const trace: RawTrace = {
    node: process.version,
    startedAt: Math.round(performance.timeOrigin + origin),
    events,
  };
  writeFileSync(file, JSON.stringify(trace));
}
