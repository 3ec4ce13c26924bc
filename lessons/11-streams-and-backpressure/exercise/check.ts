// Tells a copy that honours backpressure from one that lets data pile up,
// waits for a 'drain' that never comes, hangs when the reader goes away, or
// ignores an abort. Runs against real sockets to the lesson's slow reader.
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import type { Writable } from "node:stream";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
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

const EXPECTED =
  "every chunk written, never more than the water mark plus one chunk buffered, the destination ended, and a prompt rejection when the reader hangs up or the signal aborts";

/** What the check saw of one copy: the socket's buffer and the source. */
interface Watch {
  socket: Socket;
  pulled: () => number;
  writes: () => number;
  peakBuffered: () => number;
  peakAhead: () => number;
  lastWriteReturned: () => boolean | undefined;
  source: AsyncIterable<Uint8Array>;
}

/** A socket to `port` whose writes are watched, and a counted source. */
async function watched(port: number, chunks: number): Promise<Watch> {
  const socket = connect(port, "127.0.0.1");
  // The check hears every error, so that code that does not listen cannot
  // crash the process; the copy still sees them through its own listeners.
  socket.on("error", () => {});
  await once(socket, "connect");
  let pulled = 0;
  let writes = 0;
  let peakBuffered = 0;
  let peakAhead = 0;
  let last: boolean | undefined;
  const write = socket.write.bind(socket) as (chunk: Uint8Array) => boolean;
  socket.write = ((chunk: Uint8Array, ...rest: unknown[]) => {
    peakAhead = Math.max(peakAhead, pulled - writes);
    last = (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    writes += 1;
    peakBuffered = Math.max(peakBuffered, socket.writableLength);
    return last;
  }) as typeof socket.write;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < chunks; i++) {
      pulled += 1;
      yield Buffer.alloc(CHUNK, i % 251);
    }
  }
  return {
    socket,
    pulled: () => pulled,
    writes: () => writes,
    peakBuffered: () => peakBuffered,
    peakAhead: () => peakAhead,
    lastWriteReturned: () => last,
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
  const settled = work.then(
    (value): Settled => ({
      state: "resolved",
      value,
      ms: performance.now() - since,
    }),
    (error: unknown): Settled => ({
      state: "rejected",
      error,
      ms: performance.now() - since,
    }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fail(observed: string, hint: number, details: string[] = []) {
  return { passed: false, expected: EXPECTED, observed, details, hint };
}

function kib(bytes: number): string {
  return bytes >= MiB
    ? `${(bytes / MiB).toFixed(1)} MiB`
    : `${Math.round(bytes / KiB)} KiB`;
}

/** A slow reader and 8 MiB: the copy must keep up without piling up. */
async function slowReader(copy: Copy): Promise<Verdict | null> {
  const chunks = 128;
  const reader = await startSlowReader({ bytesPerSecond: 32 * MiB });
  const watch = await watched(reader.port, chunks);
  try {
    const ended = reader.nextEnd();
    const outcome = await within(copy(watch.source, watch.socket), DEADLINE_MS);
    const bound = watch.socket.writableHighWaterMark + CHUNK;
    if (outcome.state === "pending") {
      if (watch.lastWriteReturned() === true && watch.pulled() < chunks) {
        return fail(
          `copyWithBackpressure is still waiting after ${formatMs(DEADLINE_MS)}: it waits for a 'drain' that never comes, since the last write() returned true`,
          2,
          ["'drain' is emitted only after write() has returned false."],
        );
      }
      if (!watch.socket.writableEnded) {
        return fail(
          `copyWithBackpressure wrote ${watch.writes()} of ${chunks} chunks and never ended the destination, so the reader never saw the end`,
          4,
        );
      }
      return fail(
        `copyWithBackpressure did not finish within ${formatMs(DEADLINE_MS)}`,
        1,
      );
    }
    if (outcome.state === "rejected") {
      return fail(
        `copyWithBackpressure rejected with a slow but healthy reader: ${String(outcome.error)}`,
        3,
      );
    }
    if (watch.peakBuffered() > bound) {
      return fail(
        `Node buffered up to ${kib(watch.peakBuffered())} for the socket, far above the water mark (${kib(watch.socket.writableHighWaterMark)}) plus one chunk: the code went on writing after write() returned false`,
        1,
      );
    }
    if (watch.peakAhead() > MAX_AHEAD) {
      return fail(
        `copyWithBackpressure read ${watch.peakAhead()} chunks from the source before it wrote them: it held ${kib(watch.peakAhead() * CHUNK)} in memory instead of taking a chunk only when there is room`,
        5,
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
    watch.socket.destroy();
    await reader.close();
  }
}

/** The reader hangs up after 1 MiB of 16: the copy must reject, promptly. */
async function readerHangsUp(copy: Copy): Promise<Verdict | null> {
  const reader = await startSlowReader({
    bytesPerSecond: 32 * MiB,
    hangUpAfter: MiB,
  });
  const watch = await watched(reader.port, 256);
  try {
    const copying = copy(watch.source, watch.socket);
    const closed = new Promise((resolve) =>
      watch.socket.once("close", resolve),
    );
    const outcome = await within(copying, DEADLINE_MS);
    const closedAt = await within(closed, 100);
    if (outcome.state === "resolved") {
      return fail(
        `copyWithBackpressure resolved with ${String(outcome.value)} as if every byte arrived, though the reader hung up after ${kib(MiB)}: an error was swallowed`,
        3,
      );
    }
    if (outcome.state === "pending") {
      return fail(
        `copyWithBackpressure was still waiting ${formatMs(DEADLINE_MS)} after it started, though the reader hung up after ${kib(MiB)}: a wait for 'drain' must also end on 'close' or 'error'`,
        3,
        closedAt.state === "resolved" ? ["The socket had closed."] : [],
      );
    }
    return null;
  } finally {
    watch.socket.destroy();
    await reader.close();
  }
}

/** The signal aborts mid-copy: the copy must stop writing and reject. */
async function aborted(copy: Copy): Promise<Verdict | null> {
  const reader = await startSlowReader({ bytesPerSecond: 8 * MiB });
  const watch = await watched(reader.port, 256);
  const controller = new AbortController();
  try {
    const copying = copy(watch.source, watch.socket, controller.signal);
    while (reader.received() < 512 * KiB) {
      const early = await within(copying, 20);
      if (early.state !== "pending") {
        return fail(
          `copyWithBackpressure settled (${early.state}) before the reader had 512 KiB of 16 MiB at 8 MiB/s`,
          1,
        );
      }
    }
    const abortedAt = performance.now();
    const writesBefore = watch.writes();
    controller.abort();
    const outcome = await within(copying, DEADLINE_MS, abortedAt);
    const more = watch.writes() - writesBefore;
    if (outcome.state !== "rejected") {
      return fail(
        `copyWithBackpressure kept writing after the abort (${more} more chunks) and ${outcome.state === "resolved" ? "resolved" : "had not stopped"} ${formatMs(outcome.ms)} later`,
        4,
      );
    }
    if (outcome.ms > STOP_WITHIN_MS || more > 1) {
      return fail(
        `copyWithBackpressure rejected ${formatMs(outcome.ms)} after the abort and wrote ${more} more chunks in that time: it should stop at once`,
        4,
      );
    }
    return null;
  } finally {
    watch.socket.destroy();
    await reader.close();
  }
}

export async function check(impl: Record<string, unknown>): Promise<Verdict> {
  const copy = impl["copyWithBackpressure"];
  if (typeof copy !== "function") {
    return {
      passed: false,
      expected: "task.ts to export an async function copyWithBackpressure",
      observed: `task.ts exports ${Object.keys(impl).join(", ") || "nothing"}, and no copyWithBackpressure`,
    };
  }
  for (const scenario of [slowReader, readerHangsUp, aborted]) {
    const verdict = await scenario(copy as Copy);
    if (verdict) return verdict;
  }
  return {
    passed: true,
    expected: EXPECTED,
    observed:
      "8 MiB reached a slow reader with no more than the water mark plus one chunk buffered, a hang-up and an abort each stopped the copy at once",
  };
}
