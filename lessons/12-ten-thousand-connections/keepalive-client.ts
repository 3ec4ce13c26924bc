// A keep-alive benchmark client, lean enough for ten thousand connections
// in one process: it ramps up new connections at a steady rate, and each
// connection sends HEAD, waits a random pause, and sends HEAD again, so
// that the server keeps it open. It stops by itself after `seconds`.
//
// `lean` turns each of its savings off or on, so that the lesson can
// measure what each one is worth; the defaults are all on.
import { Socket } from "node:net";
import { scanHeaders, type HeaderScan } from "./end-of-headers.ts";

/** The pause between two HEADs on one connection, drawn at random. */
export interface Pause {
  minMs: number;
  maxMs: number;
  /** The pause is minMs plus a whole number of steps. */
  stepMs: number;
}

/** The original Python tutorial's pause: 1 to keepalive // 2 whole seconds. */
export function pauseOfKeepalive(keepaliveSeconds: number): Pause {
  const most = Math.floor(keepaliveSeconds / 2);
  if (most < 1) throw new RangeError("keepalive must be at least 2 seconds");
  return { minMs: 1000, maxMs: most * 1000, stepMs: 1000 };
}

/** The savings, each of which can be turned off to measure it. */
export interface Lean {
  /** One request buffer for every write, instead of a string each time. */
  requestBuffer: boolean;
  /** Scan bytes for the end of the headers, instead of decoding text. */
  byteScanner: boolean;
  /** `onread` into one buffer shared by all sockets, instead of 'data'
   * events with a new Buffer for every read (needs byteScanner). */
  sharedReadBuffer: boolean;
  /** One timer wheel for every pause, instead of a timer per connection. */
  timerWheel: boolean;
}

export const LEAN: Lean = {
  requestBuffer: true,
  byteScanner: true,
  sharedReadBuffer: true,
  timerWheel: true,
};

export const NAIVE: Lean = {
  requestBuffer: false,
  byteScanner: false,
  sharedReadBuffer: false,
  timerWheel: false,
};

export interface KeepAliveOptions {
  /** Where to send HEAD: an http:// URL (its path is what is asked for). */
  url: string | URL;
  /** How many connections to open in all. */
  connections: number;
  /** Stop after this many seconds, ramp included. */
  seconds: number;
  pause: Pause;
  /** New connections per second (default 1000: 10 every 10 ms). */
  rate?: number;
  /** Source addresses to spread the connections over (`localAddress`). */
  localAddresses?: readonly string[];
  /** How long connecting or waiting for a response may take (3000 ms). */
  stepTimeoutMs?: number;
  /** Stops early: every connection is closed, and the result is returned. */
  signal?: AbortSignal;
  lean?: Partial<Lean>;
  /** For the pauses; `Math.random` by default. */
  random?: () => number;
  /** Called every `reportMs` (default 1000) with the counts so far. */
  onReport?: (counts: Counts) => void;
  reportMs?: number;
}

export interface Counts {
  /** Milliseconds since the start. */
  elapsedMs: number;
  /** Connections started (open, opening, or ended). */
  started: number;
  /** Connections open now. */
  open: number;
  /** The most that were open at once. */
  peak: number;
  /** Complete responses with a 2xx status. */
  responses: number;
  /** Failed connections and non-2xx responses, in all. */
  errors: number;
  /** The errors by kind: an error code such as ECONNRESET, "timeout",
   * "connect timeout", "no response in time", "closed by the server" or
   * "status 5xx". */
  errorKinds: Record<string, number>;
}

export interface KeepAliveResult extends Counts {
  /** When the last connection of the ramp was open, or null if never. */
  rampMs: number | null;
}

// A slot of the timer wheel, and the tick of the ramp: 10 ms.
const TICK_MS = 10;
// At most this many ticks' worth of connections open in one late tick.
const MAX_CATCH_UP = 4;
// #region shared-buffer
// One read buffer for every socket: a read is scanned before the next one.
const SHARED = Buffer.allocUnsafe(64 * 1024);

/** What the client keeps for one connection, on the socket itself. */
class Connection extends Socket implements HeaderScan {
  matched = 0;
  offset = 0;
  statusDigit = 0;
  /** Whether 'connect' came and 'close' has not. */
  isOpen = false;
  /** When the connection began to wait (to connect, or for a response);
   * 0 while it pauses. */
  waitingSince = 0;
  /** Text not yet parsed, for the client without the byte scanner. */
  text = "";
  timer: NodeJS.Timeout | undefined = undefined;
  client: Client;
  constructor(client: Client) {
    super(
      client.lean.sharedReadBuffer
        ? { onread: { buffer: SHARED, callback: onRead } }
        : {},
    );
    this.client = client;
  }
}

/** `onread`'s callback: `this` is the socket the bytes were read from. */
function onRead(this: Connection, length: number, buffer: Buffer): boolean {
  scanHeaders(this, buffer, length, onResponse);
  return true;
}
// #endregion

function onData(this: Connection, chunk: Buffer): void {
  if (this.client.lean.byteScanner) {
    scanHeaders(this, chunk, chunk.length, onResponse);
    return;
  }
  // #region naive-read
  // Each 'data' event brings a new Buffer; decode it, add it to the text
  // so far, and cut every complete response off the front.
  this.text += chunk.toString("latin1");
  let end = this.text.indexOf("\r\n\r\n");
  while (end !== -1) {
    const ok = this.text.startsWith("HTTP/1.1 2");
    this.text = this.text.slice(end + 4);
    onResponse(this, ok);
    end = this.text.indexOf("\r\n\r\n");
  }
  // #endregion
}

function onResponse(connection: Connection, ok: boolean): void {
  const client = connection.client;
  connection.waitingSince = 0;
  if (ok) client.counts.responses++;
  else client.fail(`status ${String.fromCharCode(connection.statusDigit)}xx`);
  client.schedule(connection);
}

function onConnect(this: Connection): void {
  const counts = this.client.counts;
  this.isOpen = true;
  counts.open++;
  if (counts.open > counts.peak) counts.peak = counts.open;
  if (counts.open === this.client.wanted) this.client.noteRampDone();
  this.client.send(this);
}

function onError(this: Connection, error: NodeJS.ErrnoException): void {
  this.client.fail(error.code ?? error.message);
}

function onClose(this: Connection, hadError: boolean): void {
  clearTimeout(this.timer);
  this.waitingSince = 0;
  // An end that no error explains, before we stopped: the server's doing.
  if (!hadError && !this.client.stopping) {
    this.client.fail("closed by the server");
  }
  if (this.isOpen) {
    this.isOpen = false;
    this.client.counts.open--;
  }
  this.client.closed();
}

function sendAgain(connection: Connection): void {
  connection.timer = undefined;
  connection.client.send(connection);
}

class Client {
  readonly lean: Lean;
  readonly wanted: number;
  readonly counts: Counts;
  stopping = false;
  rampMs: number | null = null;
  readonly #options: KeepAliveOptions;
  readonly #port: number;
  readonly #host: string;
  readonly #request: Buffer;
  readonly #path: string;
  readonly #hostHeader: string;
  readonly #random: () => number;
  readonly #stepTimeoutMs: number;
  readonly #all: Connection[] = [];
  readonly #start = performance.now();
  // The timer wheel: slot i holds the connections due in tick i (mod its
  // length); `#cursor` is the last tick that has fired.
  readonly #wheel: Connection[][];
  #cursor = 0;
  #closed = 0;
  #onAllClosed: (() => void) | undefined;

  constructor(options: KeepAliveOptions) {
    this.#options = options;
    this.lean = { ...LEAN, ...options.lean };
    if (this.lean.sharedReadBuffer && !this.lean.byteScanner) {
      throw new Error("sharedReadBuffer needs byteScanner");
    }
    this.wanted = options.connections;
    const url = new URL(options.url);
    if (url.protocol !== "http:") throw new Error(`not http: ${url.href}`);
    this.#host = url.hostname.replace(/^\[|\]$/g, "");
    this.#port = Number(url.port || 80);
    // #region request
    // The same bytes go out on every connection, every time: build them
    // once, and every write hands libuv this one buffer.
    this.#path = `${url.pathname}${url.search}`;
    this.#hostHeader = url.host;
    this.#request = Buffer.from(
      `HEAD ${this.#path} HTTP/1.1\r\nHost: ${this.#hostHeader}\r\n\r\n`,
      "latin1",
    );
    // #endregion
    this.#random = options.random ?? Math.random;
    this.#stepTimeoutMs = options.stepTimeoutMs ?? 3000;
    const slots = Math.ceil(options.pause.maxMs / TICK_MS) + 2;
    this.#wheel = Array.from({ length: slots }, () => []);
    this.counts = {
      elapsedMs: 0,
      started: 0,
      open: 0,
      peak: 0,
      responses: 0,
      errors: 0,
      errorKinds: {},
    };
  }

  fail(kind: string): void {
    this.counts.errors++;
    this.counts.errorKinds[kind] = (this.counts.errorKinds[kind] ?? 0) + 1;
  }

  noteRampDone(): void {
    this.rampMs ??= performance.now() - this.#start;
  }

  send(connection: Connection): void {
    if (this.stopping || connection.destroyed) return;
    connection.waitingSince = performance.now();
    if (this.lean.requestBuffer) connection.write(this.#request);
    else
      connection.write(
        `HEAD ${this.#path} HTTP/1.1\r\nHost: ${this.#hostHeader}\r\n\r\n`,
      );
  }

  #pauseMs(): number {
    const { minMs, maxMs, stepMs } = this.#options.pause;
    const steps = Math.floor((maxMs - minMs) / stepMs) + 1;
    return minMs + stepMs * Math.floor(this.#random() * steps);
  }

  // #region schedule
  /** Sends the next HEAD on `connection` after a random pause. */
  schedule(connection: Connection): void {
    const pauseMs = this.#pauseMs();
    if (!this.lean.timerWheel) {
      connection.timer = setTimeout(sendAgain, pauseMs, connection);
      return;
    }
    // One timer for all: drop the connection into the slot of the tick
    // it is due in; the ramp's 10 ms tick fires the slots as they come.
    const ticks = Math.max(1, Math.round(pauseMs / TICK_MS));
    const wheel = this.#wheel;
    wheel[(this.#cursor + ticks) % wheel.length]!.push(connection);
  }

  /** Fires every slot of the wheel up to now. */
  #turnWheel(now: number): void {
    const tick = Math.floor((now - this.#start) / TICK_MS);
    const wheel = this.#wheel;
    while (this.#cursor < tick) {
      this.#cursor++;
      const due = wheel[this.#cursor % wheel.length]!;
      for (const connection of due) this.send(connection);
      due.length = 0;
    }
  }
  // #endregion

  #open(): void {
    const connection = new Connection(this);
    const addresses = this.#options.localAddresses;
    const index = this.counts.started++;
    this.#all.push(connection);
    connection.waitingSince = performance.now();
    if (!this.lean.sharedReadBuffer) connection.on("data", onData);
    connection.on("connect", onConnect);
    connection.on("error", onError);
    connection.on("close", onClose);
    const localAddress =
      addresses && addresses.length > 0
        ? addresses[index % addresses.length]
        : undefined;
    connection.connect({
      port: this.#port,
      host: this.#host,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
  }

  // #region ramp
  /** Opens as many connections as are due by now, at `rate` per second. */
  #ramp(now: number): void {
    const perTick = ((this.#options.rate ?? 1000) * TICK_MS) / 1000;
    const due = Math.ceil(((now - this.#start) / TICK_MS + 1) * perTick);
    const target = Math.min(
      this.wanted,
      due,
      this.counts.started + Math.ceil(perTick * MAX_CATCH_UP),
    );
    while (this.counts.started < target) this.#open();
  }
  // #endregion

  /** Ends connections that waited too long to connect or for an answer. */
  #sweep(now: number): void {
    for (const connection of this.#all) {
      const since = connection.waitingSince;
      if (since > 0 && now - since > this.#stepTimeoutMs) {
        connection.waitingSince = 0;
        // Destroyed with an error, so that 'error' counts it, once.
        const code = connection.isOpen
          ? "no response in time"
          : "connect timeout";
        connection.destroy(Object.assign(new Error(code), { code }));
      }
    }
  }

  closed(): void {
    this.#closed++;
    if (this.#closed === this.#all.length) this.#onAllClosed?.();
  }

  snapshot(): Counts {
    return {
      ...this.counts,
      elapsedMs: performance.now() - this.#start,
      errorKinds: { ...this.counts.errorKinds },
    };
  }

  async run(): Promise<KeepAliveResult> {
    const { signal, seconds, onReport } = this.#options;
    const reportMs = this.#options.reportMs ?? 1000;
    let nextReport = this.#start + reportMs;
    let nextSweep = this.#start + 1000;
    const endAt = this.#start + seconds * 1000;
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        clearInterval(ticker);
        signal?.removeEventListener("abort", stop);
        resolve();
      };
      const ticker = setInterval(() => {
        const now = performance.now();
        if (now >= endAt) return stop();
        if (this.lean.timerWheel) this.#turnWheel(now);
        if (this.counts.started < this.wanted) this.#ramp(now);
        if (now >= nextSweep) {
          nextSweep += 1000;
          this.#sweep(now);
        }
        if (onReport && now >= nextReport) {
          nextReport += reportMs;
          onReport(this.snapshot());
        }
      }, TICK_MS);
      if (signal?.aborted) stop();
      else signal?.addEventListener("abort", stop);
    });
    return this.#stop();
  }

  /** Closes every connection and resolves once all are closed. */
  async #stop(): Promise<KeepAliveResult> {
    this.stopping = true;
    const result: KeepAliveResult = { ...this.snapshot(), rampMs: this.rampMs };
    const allClosed = new Promise<void>((resolve) => {
      this.#onAllClosed = resolve;
    });
    for (const connection of this.#all) connection.destroy();
    if (this.#closed < this.#all.length) await allClosed;
    return result;
  }
}

/** Runs the client and resolves with what it counted, all connections
 * closed. */
export function runKeepAlive(
  options: KeepAliveOptions,
): Promise<KeepAliveResult> {
  return new Client(options).run();
}
