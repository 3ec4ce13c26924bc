// Tells a copy that honours backpressure from one that lets data pile up,
// writes while the destination asked it to wait, waits for a 'drain' that
// never comes, hangs when the destination goes away, resolves before
// 'finish', ignores an abort, or leaves the source open. Runs against real
// sockets to the lesson's slow reader, and against in-memory writables.
import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { Writable } from "node:stream";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { startSlowReader } from "../slow-reader.ts";

type Copy = (
  source: AsyncIterable<Uint8Array>,
  destination: Writable,
  signal?: AbortSignal,
) => Promise<number>;

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;
// Readable.from, which pipeline uses, reads up to 16 chunks ahead: fine.
const MAX_AHEAD = 32;
const DEADLINE_MS = 3000;
const STOP_WITHIN_MS = 1000;
const LISTENED = ["drain", "close", "error", "finish"] as const;
// A helper such as `finished()` without `cleanup` may leave one behind.
const MAX_LEFT_LISTENERS = 4;

const EXPECTED =
  "every chunk written, no write while the destination asks to wait, the destination ended and finished, and a prompt rejection (with the source closed) when the destination goes away or the signal aborts";

/** What the check saw of one copy: the destination and the source. */
interface Watch {
  pulled: () => number;
  writes: () => number;
  /** Writes made while `writableNeedDrain` said to wait for 'drain'. */
  writesWhileFull: () => number;
  peakBuffered: () => number;
  peakAhead: () => number;
  lastWriteReturned: () => boolean | undefined;
  /** Whether the source's `finally` has run: it was closed. */
  sourceClosed: () => boolean;
  /** Events on which the copy left more than `allowed` listeners. */
  leftListeners: (allowed: number) => string[];
  source: AsyncIterable<Uint8Array>;
}

/** Watches every write to `destination`, and gives a counted source. */
function watch(destination: Writable, chunks: number): Watch {
  // The check hears every error, so that code that does not listen cannot
  // crash the process; the copy still sees them through its own listeners.
  destination.on("error", () => {});
  // The check counts leftover listeners itself and names them in its
  // verdict, so Node's MaxListenersExceededWarning would only say it twice.
  destination.setMaxListeners(0);
  const baseline = LISTENED.map((event) => destination.listenerCount(event));
  let pulled = 0;
  let writes = 0;
  let writesWhileFull = 0;
  let peakBuffered = 0;
  let peakAhead = 0;
  let last: boolean | undefined;
  let closed = false;
  const write = destination.write.bind(destination) as (
    ...args: unknown[]
  ) => boolean;
  destination.write = ((...args: unknown[]) => {
    if (destination.writableNeedDrain) writesWhileFull += 1;
    peakAhead = Math.max(peakAhead, pulled - writes);
    last = write(...args);
    writes += 1;
    peakBuffered = Math.max(peakBuffered, destination.writableLength);
    return last;
  }) as typeof destination.write;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      for (let i = 0; i < chunks; i++) {
        pulled += 1;
        yield Buffer.alloc(CHUNK, i % 251);
      }
    } finally {
      closed = true;
    }
  }
  return {
    pulled: () => pulled,
    writes: () => writes,
    writesWhileFull: () => writesWhileFull,
    peakBuffered: () => peakBuffered,
    peakAhead: () => peakAhead,
    lastWriteReturned: () => last,
    sourceClosed: () => closed,
    leftListeners: (allowed) =>
      LISTENED.flatMap((event, i) => {
        const extra = destination.listenerCount(event) - (baseline[i] ?? 0);
        return extra > allowed ? [`${extra} '${event}'`] : [];
      }),
    source: source(),
  };
}

type Settled =
  | { state: "resolved"; value: unknown; ms: number }
  | { state: "rejected"; error: unknown; ms: number }
  | { state: "pending"; ms: number };

/** How `work` settled within `ms`, timed from `since`. */
async function within(
  work: Promise<unknown>,
  ms: number,
  since = performance.now(),
): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ state: "pending", ms }), ms);
  });
  const elapsed = (): number => performance.now() - since;
  const settled = work.then(
    (value): Settled => ({ state: "resolved", value, ms: elapsed() }),
    (error: unknown): Settled => ({ state: "rejected", error, ms: elapsed() }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `condition` holds, checked every few milliseconds. */
async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

function fail(observed: string, hint: number, details: string[] = []) {
  return { passed: false, expected: EXPECTED, observed, details, hint };
}

function size(bytes: number): string {
  return bytes >= MiB
    ? `${(bytes / MiB).toFixed(1)} MiB`
    : `${Math.round(bytes / KiB)} KiB`;
}

/** The rules every copy keeps, checked after it settled. */
function ruleBroken(w: Watch, destination: Writable): Verdict | null {
  if (w.writesWhileFull() > 0) {
    return fail(
      `copyWithBackpressure wrote ${w.writesWhileFull()} chunks while the destination was waiting for 'drain' (writableNeedDrain was true): it went on writing after write() returned false`,
      1,
    );
  }
  const bound = destination.writableHighWaterMark + CHUNK;
  if (w.peakBuffered() > bound) {
    return fail(
      `Node buffered up to ${size(w.peakBuffered())} for the destination, far above the water mark (${size(destination.writableHighWaterMark)}) plus one chunk: the code went on writing after write() returned false`,
      1,
    );
  }
  if (w.peakAhead() > MAX_AHEAD) {
    return fail(
      `copyWithBackpressure read ${w.peakAhead()} chunks from the source before it wrote them: it held ${size(w.peakAhead() * CHUNK)} in memory instead of taking a chunk only when there is room`,
      5,
    );
  }
  return null;
}

interface StalledReader {
  port: number;
  close: () => Promise<void>;
}

/** A stalled reader: accepts a connection and never reads from it. */
async function stalledReader(): Promise<StalledReader> {
  const accepted = new Set<Socket>();
  const server = createServer((socket) => {
    socket.pause();
    socket.on("error", () => {});
    accepted.add(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    // A paused socket never reads the end of its connection: destroy it.
    close: async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function connected(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  return socket;
}

/** 8 MiB to a slow reader: every byte, in time, with no pile-up. */
async function slowReader(copy: Copy): Promise<Verdict | null> {
  const chunks = 128;
  const reader = await startSlowReader({ bytesPerSecond: 32 * MiB });
  const socket = await connected(reader.port);
  const w = watch(socket, chunks);
  try {
    const ended = reader.nextEnd();
    const outcome = await within(copy(w.source, socket), DEADLINE_MS);
    if (outcome.state === "pending") {
      if (w.lastWriteReturned() === true && w.pulled() < chunks) {
        return fail(
          `copyWithBackpressure is still waiting after ${formatMs(DEADLINE_MS)}: it waits for a 'drain' that never comes, since the last write() returned true`,
          2,
          ["'drain' is emitted only after write() has returned false."],
        );
      }
      if (!socket.writableEnded) {
        return fail(
          `copyWithBackpressure wrote ${w.writes()} of ${chunks} chunks and never ended the destination, so the reader never saw the end`,
          4,
        );
      }
      return fail(
        `copyWithBackpressure did not finish within ${formatMs(DEADLINE_MS)}`,
        1,
      );
    }
    const broken = ruleBroken(w, socket);
    if (broken) return broken;
    if (outcome.state === "rejected") {
      return fail(
        `copyWithBackpressure rejected with a slow but healthy reader: ${String(outcome.error)}`,
        3,
      );
    }
    const received = await within(ended, 2000);
    const total = chunks * CHUNK;
    if (received.state !== "resolved" || received.value !== total) {
      return fail(
        `the reader got ${received.state === "resolved" ? String(received.value) : "no end and"} bytes of ${total}: bytes were lost or sent twice, or the destination was never ended`,
        4,
      );
    }
    if (outcome.value !== total) {
      return fail(
        `copyWithBackpressure resolved with ${String(outcome.value)}, not the ${total} bytes it copied`,
        4,
      );
    }
    return null;
  } finally {
    socket.destroy();
    await reader.close();
  }
}

/** A writable that takes 2 ms per chunk: resolve only after 'finish'. */
async function slowSink(copy: Copy): Promise<Verdict | null> {
  const chunks = 48;
  const sink = new Writable({
    highWaterMark: CHUNK,
    write: (_chunk, _encoding, done) => void setTimeout(done, 2),
  });
  const w = watch(sink, chunks);
  const outcome = await within(copy(w.source, sink), DEADLINE_MS);
  const finishedWhenSettled = sink.writableFinished;
  const broken = ruleBroken(w, sink);
  if (broken) return broken;
  if (outcome.state === "resolved" && !finishedWhenSettled) {
    return fail(
      "copyWithBackpressure resolved before the destination had finished (writableFinished was false): it did not wait for 'finish'",
      4,
    );
  }
  // Every chunk fills this sink, so the copy waits for 'drain' 48 times: a
  // wait that does not take its listeners off leaves dozens behind.
  const left = w.leftListeners(MAX_LEFT_LISTENERS);
  if (left.length > 0) {
    return fail(
      `after ${chunks} waits for 'drain', copyWithBackpressure left ${left.join(", ")} listeners on the destination: every wait must take its listeners off again, or a long copy leaks them`,
      3,
    );
  }
  if (outcome.state !== "resolved") {
    return fail(
      `copyWithBackpressure ${outcome.state === "pending" ? "had not finished" : "rejected"} after ${formatMs(outcome.ms)} on a slow but healthy in-memory writable`,
      2,
    );
  }
  return null;
}

/** The reader hangs up after 1 MiB of 16: reject, promptly. */
async function readerHangsUp(copy: Copy): Promise<Verdict | null> {
  const reader = await startSlowReader({
    bytesPerSecond: 32 * MiB,
    hangUpAfter: MiB,
  });
  const socket = await connected(reader.port);
  const w = watch(socket, 256);
  try {
    const outcome = await within(copy(w.source, socket), DEADLINE_MS);
    if (outcome.state === "resolved") {
      return fail(
        `copyWithBackpressure resolved with ${String(outcome.value)} as if every byte arrived, though the reader hung up after ${size(MiB)}: an error was swallowed`,
        3,
      );
    }
    if (outcome.state === "pending") {
      return fail(
        `copyWithBackpressure was still waiting ${formatMs(DEADLINE_MS)} after it started, though the reader hung up after ${size(MiB)}: a wait for 'drain' must also end on 'close' or 'error'`,
        3,
      );
    }
    if (!(await until(w.sourceClosed, 200))) {
      return fail(
        "copyWithBackpressure rejected when the reader hung up, but left the source open: leave the loop with for await (or call the iterator's return()) so the source can clean up",
        5,
      );
    }
    return null;
  } finally {
    socket.destroy();
    await reader.close();
  }
}

/**
 * A reader that stops reading, so the copy waits for 'drain'; then
 * `interrupt` stops the copy (an abort, or a destroy without an error), and
 * the copy must reject at once.
 */
async function stoppedWhileWaiting(
  copy: Copy,
  what: string,
  interrupt: (socket: Socket, controller: AbortController) => void,
  hint: number,
): Promise<Verdict | null> {
  const reader = await stalledReader();
  const socket = await connected(reader.port);
  const w = watch(socket, 1024);
  const controller = new AbortController();
  try {
    const copying = copy(w.source, socket, controller.signal);
    const waiting = await until(() => socket.writableNeedDrain, DEADLINE_MS);
    const early = await within(copying, 0);
    if (!waiting || early.state !== "pending") {
      return fail(
        `copyWithBackpressure ${early.state === "pending" ? "never filled the destination's buffer" : early.state} before the reader stopped reading: it should be waiting for 'drain'`,
        1,
      );
    }
    const writesBefore = w.writes();
    const stoppedAt = performance.now();
    interrupt(socket, controller);
    const outcome = await within(copying, DEADLINE_MS, stoppedAt);
    const more = w.writes() - writesBefore;
    if (outcome.state !== "rejected") {
      return fail(
        `copyWithBackpressure ${outcome.state === "resolved" ? "resolved" : "was still waiting"} ${formatMs(outcome.ms)} after ${what}, while it waited for 'drain'`,
        hint,
        more > 0 ? [`It kept writing after ${what}: ${more} more chunks.`] : [],
      );
    }
    if (outcome.ms > STOP_WITHIN_MS || more > 1) {
      return fail(
        `copyWithBackpressure rejected ${formatMs(outcome.ms)} after ${what} and wrote ${more} more chunks in that time: it should stop at once`,
        hint,
      );
    }
    if (!(await until(w.sourceClosed, 200))) {
      return fail(
        `copyWithBackpressure rejected after ${what}, but left the source open: leave the loop with for await (or call the iterator's return()) so the source can clean up`,
        5,
      );
    }
    return null;
  } finally {
    socket.destroy();
    await reader.close();
  }
}

/** One chunk, a sink that never takes it, then the sink is destroyed. */
async function closedBeforeFinish(copy: Copy): Promise<Verdict | null> {
  // Room for the chunk, so the copy gets as far as end() and 'finish'.
  const sink = new Writable({ highWaterMark: MiB, write: () => {} });
  const w = watch(sink, 1);
  const copying = copy(w.source, sink);
  const ended = await until(() => sink.writableEnded, DEADLINE_MS);
  if (!ended) return null; // The slow-reader scenario names this mistake.
  const destroyedAt = performance.now();
  sink.destroy();
  const outcome = await within(copying, DEADLINE_MS, destroyedAt);
  if (outcome.state === "rejected") return null;
  return fail(
    `the destination closed after end() but before 'finish', and copyWithBackpressure ${outcome.state === "resolved" ? "resolved as if it had finished" : `was still waiting ${formatMs(outcome.ms)} later`}: a wait for 'finish' must end when the destination closes`,
    4,
  );
}

export async function check(impl: Record<string, unknown>): Promise<Verdict> {
  const missing = missingExports(impl, ["copyWithBackpressure"]);
  if (missing) return missing;
  const copy = impl["copyWithBackpressure"] as Copy;
  const scenarios = [
    () => slowReader(copy),
    () => slowSink(copy),
    () => readerHangsUp(copy),
    () =>
      stoppedWhileWaiting(
        copy,
        "the abort",
        (_socket, controller) => controller.abort(),
        4,
      ),
    () =>
      stoppedWhileWaiting(
        copy,
        "the destination was destroyed without an error",
        (socket) => socket.destroy(),
        3,
      ),
    () => closedBeforeFinish(copy),
  ];
  for (const scenario of scenarios) {
    const verdict = await scenario();
    if (verdict) return verdict;
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      "8 MiB reached a slow reader with no write while the destination was full; it waited for 'finish'; a hang-up, an abort and a quiet destroy each stopped it at once and closed the source",
  };
}
