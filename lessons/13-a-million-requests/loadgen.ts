// A load generator on raw `node:net` sockets: one keep-alive connection per
// slot, one precomputed request buffer written again and again, and a
// response reader that only finds where each response ends. Closed loop
// (each connection sends its next request when the last one is answered)
// or open loop (requests are due at a constant rate, and each one's
// latency counts from when it was due).
import { lookup } from "node:dns/promises";
import { connect, type Socket } from "node:net";
import {
  latencyHistogram,
  recordMs,
  summarize,
  type Histogram,
  type LatencySummary,
} from "./latency.ts";
import { ResponseParser } from "./response-parser.ts";

export interface LoadOptions {
  url: string | URL;
  /** Connections, each with one request in flight at most. */
  connections: number;
  /** Requests to send in all (unbounded if a duration is given). */
  requests?: number;
  /** Stop sending after this long. */
  durationMs?: number;
  /** Requests per second, due at even intervals: the open loop. */
  rate?: number;
  method?: "GET" | "HEAD";
  /** A request unanswered for this long is an error (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Called for each response: when it was due (ms since the start), its
   * latency from then, and from when it was sent.
   */
  onResponse?: (dueAtMs: number, latencyMs: number, serviceMs: number) => void;
  /** Called every `tickMs` (default 100) with the figures so far. */
  onTick?: (progress: Progress) => void;
  tickMs?: number;
}

export interface Progress {
  elapsedMs: number;
  sent: number;
  responses: number;
  errors: number;
  inFlight: number;
}

export interface LoadReport extends LatencySummary {
  mode: "closed" | "open";
  connections: number;
  /** Responses received, whatever their status. */
  requests: number;
  /** Requests that got no response: refused, reset, timed out. */
  errors: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** From the first request to the last response. */
  seconds: number;
  reqPerSec: number;
  /** The most requests this side had in flight at once. */
  peakInFlight: number;
  /** The open loop's rate; null for the closed loop. */
  rate: number | null;
  /** Latency from when each request was sent (in the closed loop the same
   * as the main figures; in the open loop it hides the queueing). */
  service: LatencySummary;
  /** Latency of each connection's first request, which waited for the
   * TCP handshake too (and for the server to accept the connection). */
  first: LatencySummary;
  /** [ms since the start, responses per second] for each tick. */
  perSecond: [number, number][];
  /** Every latency, in microseconds: from when due (open) or sent. */
  histogram: Histogram;
  aborted: boolean;
}

/** One buffer for every socket's reads: each read is parsed at once. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
// A connection that closed without carrying a response waits this long
// before it tries again, so that a server that is down is not hammered.
const RETRY_MS = 100;

interface Slot {
  socket: Socket | null;
  parser: ResponseParser;
  busy: boolean;
  /** When the request in flight was due (open loop) or sent. */
  dueAt: number;
  sentAt: number;
  answered: number;
}

// #region request
/** The whole request as bytes, made once and written for every request. */
export function requestBytes(url: URL, method: "GET" | "HEAD"): Buffer {
  const target = `${url.pathname}${url.search}`;
  return Buffer.from(
    `${method} ${target} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`,
    "latin1",
  );
}
// #endregion

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const url = new URL(options.url);
  if (url.protocol !== "http:") {
    throw new TypeError(`only http: URLs, not ${url.protocol}`);
  }
  const connections = options.connections;
  const total = options.requests ?? Infinity;
  if (!(connections >= 1) || !Number.isInteger(connections)) {
    throw new RangeError(`connections must be a whole number: ${connections}`);
  }
  if (total === Infinity && options.durationMs === undefined) {
    throw new RangeError("give a number of requests, a duration, or both");
  }
  const method = options.method ?? "GET";
  const rate = options.rate ?? null;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const tickMs = options.tickMs ?? 100;
  const onResponse = options.onResponse;
  // Resolve the name once, not once per connection.
  const { address } = await lookup(url.hostname);
  const port = Number(url.port || 80);
  const request = requestBytes(url, method);

  const histogram = latencyHistogram();
  const service = latencyHistogram();
  const first = latencyHistogram();
  const perSecond: [number, number][] = [];
  const slots: Slot[] = [];
  const idle: Slot[] = [];
  let sent = 0;
  let responses = 0;
  let errors = 0;
  let non2xx = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let lastResponseAt = 0;
  let stopping = false;
  let closed = false;
  let aborted = false;
  const live = new Set<Socket>();
  const start = performance.now();
  const deadline = start + (options.durationMs ?? Infinity);
  const period = rate === null ? 0 : 1000 / rate;

  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));

  /** How many requests are due by `now` (open loop). */
  const dueBy = (now: number): number =>
    Math.min(total, Math.floor((now - start) / period) + 1);

  const moreToSend = (now: number): boolean =>
    !stopping && sent < total && now < deadline;

  // #region send
  function send(slot: Slot, dueAt: number, now: number): void {
    if (slot.socket === null) open(slot);
    slot.busy = true;
    slot.dueAt = dueAt;
    slot.sentAt = now;
    sent++;
    if (++inFlight > peakInFlight) peakInFlight = inFlight;
    slot.socket!.write(request);
  }

  /** A slot is free: give it the next request, or let it wait. */
  function next(slot: Slot): void {
    const now = performance.now();
    if (!moreToSend(now)) return idleOrDone(slot);
    if (rate === null) return send(slot, now, now);
    // Open loop: the next request is due at a fixed time, whether or not
    // a connection was free then; its latency counts from that time.
    if (dueBy(now) > sent) return send(slot, start + sent * period, now);
    idle.push(slot);
    arm();
  }
  // #endregion

  function idleOrDone(slot: Slot): void {
    idle.push(slot);
    if (inFlight === 0 && !moreToSend(performance.now())) stop();
  }

  function answered(slot: Slot, status: number, keepAlive: boolean): void {
    const now = performance.now();
    slot.busy = false;
    if (slot.answered++ === 0) recordMs(first, now - slot.dueAt);
    inFlight--;
    responses++;
    lastResponseAt = now;
    if (status < 200 || status > 299) non2xx++;
    recordMs(histogram, now - slot.dueAt);
    recordMs(service, now - slot.sentAt);
    onResponse?.(slot.dueAt - start, now - slot.dueAt, now - slot.sentAt);
    if (!keepAlive) drop(slot);
    next(slot);
  }

  /** The request in flight on `slot` will get no answer. */
  function failed(slot: Slot): void {
    if (!slot.busy) return;
    slot.busy = false;
    inFlight--;
    errors++;
  }

  /** Count the request in flight as failed, and start again afresh. */
  function fail(slot: Slot): void {
    failed(slot);
    drop(slot, true);
    next(slot);
  }

  /** Close a slot's socket; the slot opens a new one when it needs it. */
  function drop(slot: Slot, error = false): void {
    const socket = slot.socket;
    if (socket === null) return;
    slot.socket = null;
    if (error) socket.destroy();
    else socket.end();
  }

  // #region open
  function open(slot: Slot): void {
    const parser = new ResponseParser(
      (status, keepAlive) => answered(slot, status, keepAlive),
      { bodyless: method === "HEAD" },
    );
    slot.parser = parser;
    slot.answered = 0;
    const socket = connect({
      host: address,
      port,
      noDelay: true,
      // Reads land in one shared buffer and are parsed at once: no new
      // Buffer per read, which at a thousand sockets is most of the work.
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes) => {
          try {
            parser.feed(READ_BUFFER, 0, bytes);
          } catch {
            // Not a response we can read: this connection is done for.
            if (slot.socket === socket) fail(slot);
          }
          return true;
        },
      },
    });
    slot.socket = socket;
    live.add(socket);
    socket.on("end", () => parser.end());
    socket.on("error", () => {});
    socket.on("close", () => {
      live.delete(socket);
      // A socket we dropped on purpose had nothing left in flight.
      if (slot.socket !== socket || closed) return;
      slot.socket = null;
      // A request still in flight on a closed socket got no answer.
      failed(slot);
      const pause = slot.answered === 0 ? RETRY_MS : 0;
      setTimeout(() => {
        if (closed) return;
        const at = idle.indexOf(slot);
        if (at !== -1) idle.splice(at, 1);
        next(slot);
      }, pause);
    });
  }
  // #endregion

  /** Stop sending; once nothing is in flight, close every socket. */
  function stop(): void {
    stopping = true;
    if (inFlight > 0 || closed) return;
    closed = true;
    clearInterval(ticker);
    clearTimeout(dueTimer);
    options.signal?.removeEventListener("abort", onAbort);
    for (const slot of slots) slot.socket = null;
    const closing = [...live].map(
      (socket) =>
        new Promise<void>((resolve) => {
          socket.once("close", () => resolve());
          if (aborted) socket.destroy();
          else socket.end();
        }),
    );
    void Promise.all(closing).then(finish);
  }

  function onAbort(): void {
    aborted = true;
    stopping = true;
    for (const slot of slots) failed(slot);
    stop();
  }

  // The open loop's clock: wake when the next request is due and hand the
  // due ones to free connections. Requests due while every connection is
  // busy are sent as soon as one is free, by `next`.
  let dueTimer: NodeJS.Timeout | undefined;
  let armed = false;
  function releaseDue(): void {
    armed = false;
    const now = performance.now();
    while (idle.length > 0 && moreToSend(now) && dueBy(now) > sent) {
      send(idle.pop()!, start + sent * period, now);
    }
    if (!moreToSend(now) && inFlight === 0) stop();
    else arm();
  }
  /** Wake at the next due time, if a free connection is waiting for it;
   * while every connection is busy, `next` sends what falls due. */
  function arm(): void {
    if (armed || closed || idle.length === 0) return;
    const now = performance.now();
    if (!moreToSend(now)) return;
    armed = true;
    const wait = start + sent * period - now;
    dueTimer = setTimeout(releaseDue, Math.max(0, wait));
  }

  let lastTick = start;
  let lastResponses = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    perSecond.push([
      Math.round(now - start),
      Math.round(((responses - lastResponses) * 1000) / (now - lastTick)),
    ]);
    lastTick = now;
    lastResponses = responses;
    for (const slot of slots) {
      if (slot.busy && now - slot.sentAt > timeoutMs) fail(slot);
    }
    options.onTick?.({
      elapsedMs: now - start,
      sent,
      responses,
      errors,
      inFlight,
    });
    if (!moreToSend(now)) {
      // Free connections have nothing more to do.
      if (inFlight === 0) stop();
    }
  }, tickMs);

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  for (let i = 0; i < connections && !stopping; i++) {
    const slot: Slot = {
      socket: null,
      parser: new ResponseParser(() => {}),
      busy: false,
      dueAt: 0,
      sentAt: 0,
      answered: 0,
    };
    slots.push(slot);
    if (rate === null) next(slot);
    else idle.push(slot);
  }
  if (rate !== null) releaseDue();
  if (slots.length > 0 && inFlight === 0 && !moreToSend(performance.now())) {
    stop();
  }
  await finished;

  const seconds = ((lastResponseAt || performance.now()) - start) / 1000;
  return {
    mode: rate === null ? "closed" : "open",
    connections,
    requests: responses,
    errors,
    non2xx,
    seconds: Math.round(seconds * 1000) / 1000,
    reqPerSec: seconds > 0 ? Math.round(responses / seconds) : 0,
    peakInFlight,
    rate,
    ...summarize(histogram),
    service: summarize(service),
    first: summarize(first),
    perSecond,
    histogram,
    aborted,
  };
}
