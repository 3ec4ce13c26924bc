// The conformance cases of the line protocol (protocol.ts): each one talks
// to a server over real sockets and says, in words, what it expected and
// what came back. The exercise's check runs them against the learner's
// server; `npm run conformance -- echo HOST:PORT` runs them against any
// server, written in any language.
import { once } from "node:events";
import { createConnection, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { formatMs } from "../../../src/lib/format.ts";

export interface Target {
  host: string;
  port: number;
}

/** Hints in hints.md, by the mistake they answer. */
export const HINT = {
  lines: 1,
  perConnection: 2,
  manyAtOnce: 3,
  order: 4,
  halfClose: 5,
  shutdown: 6,
} as const;

export interface Failure {
  /** What went wrong, in one or two sentences with what was seen. */
  message: string;
  hint: number;
  /** The server sent nothing at all. */
  silent?: boolean;
}

export interface CaseContext {
  target: Target;
  /** How many clients the many-clients case connects at once. */
  clients: number;
  /** Closes the server: only where it runs in this process. */
  close?: () => Promise<void>;
}

export interface ConformanceCase {
  id: string;
  /** What the case sends and expects, in a few words. */
  about: string;
  /** The case needs `close` (the server in this process). */
  inProcess?: boolean;
  run(context: CaseContext): Promise<Failure | null>;
}

/** How long a case waits for a reply it expects. */
const REPLY_MS = 2000;
/** A pause between two writes, so that they reach the server apart. */
const PAUSE_MS = 20;

/** A client of the protocol that collects what the server sends. */
class Client {
  readonly socket: Socket;
  #received = Buffer.alloc(0);
  #ended = false;
  #closed = false;
  #changed = new EventTarget();

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#notify();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("close", () => {
      this.#closed = true;
      this.#notify();
    });
    socket.on("error", () => {});
  }

  static async open({ host, port }: Target): Promise<Client> {
    // Our side stays open after the server's FIN only if we say so: the
    // cases decide when to close.
    const socket = createConnection({ host, port, allowHalfOpen: true });
    await once(socket, "connect");
    return new Client(socket);
  }

  #notify(): void {
    this.#changed.dispatchEvent(new Event("change"));
  }

  /** The complete reply lines so far. */
  get lines(): string[] {
    const text = this.#received.toString("utf8");
    return text.split("\n").slice(0, -1);
  }

  /** The server has sent its FIN (or the connection is gone). */
  get ended(): boolean {
    return this.#ended || this.#closed;
  }

  /** Resolves true once `ready()` holds, false after `ms`. */
  async until(ready: () => boolean, ms = REPLY_MS): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (!ready()) {
      const left = deadline - performance.now();
      if (left <= 0 || this.#closed) return ready();
      const stop = new AbortController();
      await Promise.race([
        once(this.#changed, "change", { signal: stop.signal }),
        sleep(left, undefined, { signal: stop.signal }),
      ]).catch(() => {});
      stop.abort();
    }
    return true;
  }

  /** Waits for `n` reply lines (or fewer, if they do not come). */
  async replies(n: number, ms = REPLY_MS): Promise<string[]> {
    await this.until(() => this.lines.length >= n, ms);
    return this.lines;
  }

  async send(data: string | Uint8Array): Promise<void> {
    await new Promise<void>((resolve) =>
      this.socket.write(data, () => resolve()),
    );
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Runs `body` with fresh clients and destroys them however it ends. */
async function withClients<T>(
  target: Target,
  count: number,
  body: (clients: Client[]) => Promise<T>,
): Promise<T> {
  const clients: Client[] = [];
  try {
    for (let i = 0; i < count; i++) clients.push(await Client.open(target));
    return await body(clients);
  } finally {
    for (const client of clients) client.destroy();
  }
}

const show = (lines: string[]): string =>
  lines.length === 0
    ? "nothing"
    : lines.map((l) => JSON.stringify(l)).join(", ");

/** Reply lines without their numbers. */
const unnumbered = (lines: string[]): string[] =>
  lines.map((line) => line.replace(/^\d+: /, ""));

const same = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((line, i) => line === b[i]);

/** Every line is a numbered reply (or BYE): only the numbers may be off. */
const allReplies = (lines: string[]): boolean =>
  lines.every((line) => /^\d+: /.test(line) || line === "BYE");

const CHUNKS_NOT_LINES =
  "TCP delivers chunks, not lines: a line may arrive in pieces, and " +
  "several lines in one read";

const GARBLED =
  "A character's bytes were split between two reads and decoded apart " +
  '(U+FFFD, "�", is what is left): decode whole lines, not chunks';

/**
 * Null if `got` is `wanted`; otherwise why not, in words. `framing` says
 * that a wrong count of lines means the stream was read in chunks.
 */
function compare(
  what: string,
  wanted: string[],
  got: string[],
  framing = false,
): Failure | null {
  if (same(got, wanted)) return null;
  if (got.length === 0) {
    return {
      message:
        `${what}: expected ${show(wanted)}; got no reply within ` +
        `${formatMs(REPLY_MS)}. Each line is answered as soon as it has ` +
        "come, while the client waits with its connection open",
      hint: HINT.lines,
      silent: true,
    };
  }
  const base = `${what}: expected ${show(wanted)}; got ${show(got)}`;
  if (allReplies(got) && same(unnumbered(got), unnumbered(wanted))) {
    return {
      message: `${base}. Replies are numbered per connection, from 1`,
      hint: HINT.perConnection,
    };
  }
  if (same([...got].sort(), [...wanted].sort())) {
    return {
      message: `${base}. The replies came out of order: each one must wait for the replies to the lines before it`,
      hint: HINT.order,
    };
  }
  if (got.some((line) => line.includes("\uFFFD"))) {
    return {
      message: `${base}. ${GARBLED}`,
      hint: HINT.lines,
    };
  }
  if (framing) {
    return { message: `${base}. ${CHUNKS_NOT_LINES}`, hint: HINT.lines };
  }
  return { message: base, hint: HINT.lines };
}

/** Sends `text` as `pieces` writes, pausing between them. */
async function sendInPieces(client: Client, pieces: Buffer[]): Promise<void> {
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) await sleep(PAUSE_MS);
    await client.send(piece);
  }
}

/** One connection: send (in pieces), expect `wanted`. */
function exchange(
  id: string,
  about: string,
  pieces: Buffer[],
  wanted: string[],
  what = about,
  framing = true,
): ConformanceCase {
  return {
    id,
    about,
    run: ({ target }) =>
      withClients(target, 1, async ([client]) => {
        if (!client) throw new Error("no client");
        await sendInPieces(client, pieces);
        const got = await client.replies(wanted.length);
        return compare(what, wanted, got, framing);
      }),
  };
}

// Characters of two and four bytes, cut inside by a drip of single bytes.
const DRIP = Buffer.from("naïve 😀\n");

const SPLIT_SAMPLE = Buffer.from("hello world\ncafé\n");
const E_ACUTE = Buffer.from("é");
const E_ACUTE_AT = SPLIT_SAMPLE.indexOf(E_ACUTE);

function splitCase(at: number): ConformanceCase {
  const inside =
    at > E_ACUTE_AT && at < E_ACUTE_AT + E_ACUTE.length
      ? `, inside the ${E_ACUTE.length} bytes of "é"`
      : "";
  const what =
    `${JSON.stringify(SPLIT_SAMPLE.toString())} sent in two writes, ` +
    `cut after byte ${at}${inside}`;
  return exchange(
    `split-${at}`,
    `two lines in two writes, cut after byte ${at}${inside}`,
    [SPLIT_SAMPLE.subarray(0, at), SPLIT_SAMPLE.subarray(at)],
    ["1: hello world", "2: café"],
    what,
  );
}

const numbered: ConformanceCase = {
  id: "numbered",
  about:
    "three lines, numbered 1, 2, 3, each answered before the next is whole",
  run: ({ target }) =>
    withClients(target, 1, async ([client]) => {
      if (!client) throw new Error("no client");
      // Each write ends a line and starts the next, so a line is whole
      // while the read it came in is not: its reply must not wait.
      const writes = ["one\ntw", "o\nthr", "ee\n"];
      const words = ["one", "two", "three"];
      for (const [i, text] of writes.entries()) {
        await client.send(text);
        const got = await client.replies(i + 1);
        if (
          got.length === i &&
          got.every((line, j) => line.endsWith(words[j] ?? ""))
        ) {
          return {
            message:
              `${writes.map((w) => JSON.stringify(w)).join(", ")} as ` +
              `${writes.length} writes, each after the last reply: after ` +
              `write ${i + 1} the line "${words[i]}" was whole (its ` +
              "newline had come, with the start of the next line in the " +
              `same write), but got no reply within ${formatMs(REPLY_MS)}. ` +
              "Answer each line as soon as its newline arrives, not when a " +
              "read happens to end with one",
            hint: HINT.lines,
            silent: got.length === 0,
          };
        }
      }
      return compare(
        `${writes.map((w) => JSON.stringify(w)).join(", ")} as ` +
          `${writes.length} writes, each after the last reply`,
        words.map((word, i) => `${i + 1}: ${word}`),
        client.lines,
        true,
      );
    }),
};

const manyClients: ConformanceCase = {
  id: "many-clients",
  about: "many clients connected at once, each gets its replies",
  run: ({ target, clients: count }) =>
    withClients(target, count, async (clients) => {
      await Promise.all(clients.map((c, i) => c.send(`client ${i + 1}\n`)));
      await Promise.all(clients.map((c) => c.replies(1)));
      const answered = clients.filter((c) => c.lines.length >= 1).length;
      if (answered < count) {
        return {
          message:
            `only ${answered} of ${count} clients connected at once got a ` +
            `reply within ${formatMs(REPLY_MS)}: the server seems to serve ` +
            "one client at a time",
          hint: HINT.manyAtOnce,
        };
      }
      await Promise.all(clients.map((c) => c.send("again\n")));
      for (const [i, client] of clients.entries()) {
        const failure = compare(
          `client ${i + 1} of ${count}`,
          [`1: client ${i + 1}`, "2: again"],
          await client.replies(2),
        );
        if (failure) return failure;
      }
      return null;
    }),
};

const SLEEP_MS = 300;
// A timer may fire a little early by the wall clock; not by this much.
const EARLY_SLACK_MS = 20;

const sleepCase: ConformanceCase = {
  id: "sleep",
  about:
    `"SLEEP ${SLEEP_MS}" is answered after ${SLEEP_MS} ms, ` +
    "and holds up no other client",
  run: ({ target }) =>
    withClients(target, 2, async ([client, other]) => {
      if (!client || !other) throw new Error("no client");
      const started = performance.now();
      await client.send(`SLEEP ${SLEEP_MS}\n`);
      // While the SLEEP waits, another client's line is answered at once:
      // the wait belongs to its own connection only.
      await other.send("hi\n");
      const otherGot = await other.replies(1, REPLY_MS + SLEEP_MS);
      const otherMs = performance.now() - started;
      const got = await client.replies(1, REPLY_MS + SLEEP_MS);
      const ms = performance.now() - started;
      const failure = compare(
        `"SLEEP ${SLEEP_MS}"`,
        [`1: SLEEP ${SLEEP_MS}`],
        got,
      );
      if (failure) return failure;
      if (ms < SLEEP_MS - EARLY_SLACK_MS) {
        return {
          message: `"SLEEP ${SLEEP_MS}" was answered after ${formatMs(ms)}: the reply must wait ${formatMs(SLEEP_MS)}`,
          hint: HINT.order,
        };
      }
      const otherFailure = compare(
        `"hi" on a second connection, while the first waited for "SLEEP ${SLEEP_MS}"`,
        ["1: hi"],
        otherGot,
      );
      if (otherFailure) return otherFailure;
      if (otherMs >= SLEEP_MS) {
        return {
          message:
            `while one connection waited for "SLEEP ${SLEEP_MS}", "hi" on ` +
            `another was answered only ${formatMs(otherMs)} after the ` +
            "SLEEP was sent: one client's SLEEP held up another client. " +
            "Wait with a timer (`await sleep(ms)`), never with a call or a " +
            "loop that blocks the thread, and keep one queue of replies per " +
            "connection, not one for the whole server",
          hint: HINT.manyAtOnce,
        };
      }
      return null;
    }),
};

const quit: ConformanceCase = {
  id: "quit",
  about: '"QUIT" gets "BYE", then the server closes',
  run: ({ target }) =>
    withClients(target, 1, async ([client]) => {
      if (!client) throw new Error("no client");
      await client.send("a\nQUIT\nb\n");
      const failure = compare(
        '"a\\nQUIT\\nb\\n" in one write',
        ["1: a", "BYE"],
        await client.replies(2),
      );
      if (failure) return failure;
      if (!(await client.until(() => client.ended))) {
        return {
          message: `after "BYE" the server did not close the connection within ${formatMs(REPLY_MS)}`,
          hint: HINT.halfClose,
        };
      }
      return compare('after "QUIT"', ["1: a", "BYE"], client.lines);
    }),
};

const HALF_CLOSE_SLEEP_MS = 200;

const halfClose: ConformanceCase = {
  id: "half-close",
  about: "the client half-closes; every reply still due comes, then FIN",
  run: ({ target }) =>
    withClients(target, 1, async ([client]) => {
      if (!client) throw new Error("no client");
      const sent = `SLEEP ${HALF_CLOSE_SLEEP_MS}\nlast`;
      const wanted = [`1: SLEEP ${HALF_CLOSE_SLEEP_MS}`, "2: last"];
      client.socket.end(sent);
      await client.until(() => client.ended, REPLY_MS + HALF_CLOSE_SLEEP_MS);
      const got = client.lines;
      const what = `${JSON.stringify(sent)}, then the client's half-close (FIN)`;
      if (client.ended && got.length === 0) {
        return {
          message:
            `${what}: the server closed without sending the ${wanted.length} ` +
            "replies still due. On a half-close, keep your side open until " +
            "they are out (in Node: `allowHalfOpen: true`, and `end()` " +
            "only after the last reply)",
          hint: HINT.halfClose,
        };
      }
      if (got.length === 1 && got[0] === wanted[0]) {
        return {
          message:
            `${what}: got ${show(got)} but no reply to "last", the line ` +
            "sent without a newline before the half-close: at the end of " +
            "the stream, it is a line too",
          hint: HINT.halfClose,
        };
      }
      const failure = compare(what, wanted, got);
      if (failure) return failure;
      if (!client.ended) {
        return {
          message: `${what}: every reply came, but the server did not close its side within ${formatMs(REPLY_MS)}`,
          hint: HINT.halfClose,
        };
      }
      return null;
    }),
};

const SHUTDOWN_SLEEP_MS = 400;
/** How soon after close() an idle connection must get its FIN. */
const IDLE_FIN_MS = 500;
/** How long close() may take once the busy connection's reply is out. */
const CLOSE_MS = 3000;

const shutdown: ConformanceCase = {
  id: "shutdown",
  about: "close(): stop accepting, end idle connections, let busy ones finish",
  inProcess: true,
  run: ({ target, close }) =>
    withClients(target, 3, async ([idle, quiet, busy]) => {
      if (!close || !idle || !quiet || !busy) throw new Error("no server");
      // `idle` has had a reply, `quiet` has sent nothing, and `busy` is
      // waiting for the reply to a SLEEP (its first reply proves the server
      // has read the line).
      await idle.send("hi\n");
      await busy.send(`first\nSLEEP ${SHUTDOWN_SLEEP_MS}\n`);
      const before = [await idle.replies(1), await busy.replies(1)];
      if (before.some((lines) => lines.length === 0)) {
        return {
          message:
            "before close() was called, one of three clients connected at " +
            `once had no reply after ${formatMs(REPLY_MS)}: serve many ` +
            "clients at the same time",
          hint: HINT.manyAtOnce,
        };
      }
      const started = performance.now();
      const closing = close().then(() => performance.now() - started);
      // Wait for close() at most this long; the timer goes when it is done.
      const giveUp = new AbortController();
      const closed = Promise.race([
        closing,
        sleep(CLOSE_MS + SHUTDOWN_SLEEP_MS, undefined, {
          signal: giveUp.signal,
        }).catch(() => undefined),
      ]).finally(() => giveUp.abort());
      const refused = await Client.open(target).then(
        (client) => (client.destroy(), false),
        () => true,
      );
      const idleEnded = await Promise.all(
        [idle, quiet].map((c) => c.until(() => c.ended, IDLE_FIN_MS)),
      );
      const busyReplies = await busy.replies(2, SHUTDOWN_SLEEP_MS + REPLY_MS);
      const busyReplyMs = performance.now() - started;
      await busy.until(() => busy.ended);
      // Our side closes too, as a client would, so that close() can finish.
      for (const client of [idle, quiet, busy]) client.socket.end();
      const closeMs = await closed;
      if (!refused) {
        return {
          message:
            "after close() was called, a new connection was still accepted: stop listening first",
          hint: HINT.shutdown,
        };
      }
      const open = idleEnded.filter((ended) => !ended).length;
      if (open > 0) {
        return {
          message:
            `${open} of 2 idle connections got no FIN within ` +
            `${formatMs(IDLE_FIN_MS)} of close(): end idle connections, ` +
            "or close() waits for them for ever",
          hint: HINT.shutdown,
        };
      }
      const replyWanted = `2: SLEEP ${SHUTDOWN_SLEEP_MS}`;
      if (busyReplies[1] !== replyWanted) {
        return {
          message:
            `the reply to "SLEEP ${SHUTDOWN_SLEEP_MS}", in progress when ` +
            `close() was called, never came (got ${show(busyReplies)}): ` +
            "let a busy connection finish its replies before ending it",
          hint: HINT.shutdown,
        };
      }
      if (!busy.ended) {
        return {
          message: "the busy connection got its reply but no FIN after close()",
          hint: HINT.shutdown,
        };
      }
      if (typeof closeMs !== "number") {
        return {
          message: `close() had not resolved ${formatMs(CLOSE_MS)} after the last connection ended`,
          hint: HINT.shutdown,
        };
      }
      if (closeMs < busyReplyMs) {
        return {
          message:
            `close() resolved ${formatMs(closeMs)} after it was called, ` +
            `before the busy connection's reply was out (` +
            `${formatMs(busyReplyMs)}), let alone before its connections ` +
            "had closed: resolve once every connection has closed " +
            "(`server.close`'s callback)",
          hint: HINT.shutdown,
        };
      }
      return null;
    }),
};

/** Every case of the protocol, in the order they run. */
export const CASES: ConformanceCase[] = [
  exchange(
    "hello",
    "one line, one reply",
    [Buffer.from("hello\n")],
    ["1: hello"],
  ),
  exchange(
    "merged",
    "three lines in one write",
    [Buffer.from("a\nb\nc\n")],
    ["1: a", "2: b", "3: c"],
    '3 lines in one write ("a\\nb\\nc\\n")',
  ),
  exchange(
    "crlf",
    'lines ending "\\r\\n"',
    [Buffer.from("one\r\ntwo\r\n")],
    ["1: one", "2: two"],
    '"one\\r\\ntwo\\r\\n"',
  ),
  numbered,
  ...Array.from({ length: SPLIT_SAMPLE.length - 1 }, (_, i) =>
    splitCase(i + 1),
  ),
  exchange(
    "drip",
    "one line, one byte per write",
    [...DRIP].map((byte) => Buffer.of(byte)),
    [`1: ${DRIP.toString().trimEnd()}`],
    `${JSON.stringify(DRIP.toString())} sent one byte per write, so ` +
      'also cut inside the bytes of "ï" and "😀"',
  ),
  manyClients,
  sleepCase,
  exchange(
    "sleep-order",
    '"SLEEP" holds back the replies after it',
    [Buffer.from(`SLEEP ${SLEEP_MS}\nafter\n`)],
    [`1: SLEEP ${SLEEP_MS}`, "2: after"],
    `"SLEEP ${SLEEP_MS}\\nafter\\n" in one write`,
    false,
  ),
  quit,
  halfClose,
  shutdown,
];

export interface CaseResult {
  id: string;
  ms: number;
  /** Null if it passed; "skipped" if it needs the server in this process. */
  failure: Failure | null | "skipped";
}

/** Runs `cases` one after another, telling `onResult` of each. */
export async function runCases(
  cases: ConformanceCase[],
  context: CaseContext,
  onResult: (result: CaseResult) => void = () => {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const started = performance.now();
    let failure: Failure | null | "skipped";
    if (testCase.inProcess && !context.close) failure = "skipped";
    else {
      failure = await testCase.run(context).catch((error: unknown) => ({
        message: `the case could not run: ${describeError(error)}`,
        hint: HINT.lines,
      }));
    }
    const result = {
      id: testCase.id,
      ms: performance.now() - started,
      failure,
    };
    results.push(result);
    onResult(result);
  }
  return results;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** The command that runs one case again on its own. */
export function replayCommand(target: string, id: string): string {
  return `npm run conformance -- echo ${target} --case ${id}`;
}

/** The cases whose id is `id` (all if undefined); throws on an unknown id. */
export function selectCases(id?: string): ConformanceCase[] {
  if (id === undefined) return CASES;
  const found = CASES.filter((c) => c.id === id);
  if (found.length === 0) {
    throw new Error(
      `no case "${id}"; the cases are: ${CASES.map((c) => c.id).join(", ")}`,
    );
  }
  return found;
}
