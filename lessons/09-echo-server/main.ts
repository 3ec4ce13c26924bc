// The runs of lesson 9, for `npm run lesson -- 9` and the recorded page
// output. Every run starts its own servers on free ports of 127.0.0.1: the
// bundled HTTP server has nothing to log here, so there are no timelines.
import { once } from "node:events";
import { createConnection, type Socket } from "node:net";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import {
  readsOfOneWrite,
  readsOfTwoWrites,
  startSplittingEchoServer,
} from "./byte-stream.ts";
import { connectTo, echo, echoMany, echoOnce } from "./echo-client.ts";
import { startEchoServer } from "./echo-server.ts";
import { encodeFrame, FrameDecoder, LineDecoder } from "./framing.ts";
import { startCountServer } from "./half-close.ts";
import { sendInPieces, showBytes } from "./in-pieces.ts";
import { median, startFrameServer, timeRounds } from "./nagle.ts";

const MESSAGE = "Hello World!";

async function asyncioClient(ctx: RunContext): Promise<void> {
  const server = await startEchoServer();
  try {
    ctx.print(`Send: '${MESSAGE}'`);
    const received = await echoOnce(server.host, server.port, MESSAGE);
    ctx.print(`Received: '${received}'`);
    ctx.print("Close the connection");
    const whole = await echo(server.host, server.port, MESSAGE);
    ctx.print(`The half-closing client received: '${whole.toString()}'`);
  } finally {
    const { total, bytes } = server.stats();
    await server.close();
    ctx.print(`The server saw ${total} connections and echoed ${bytes} bytes`);
  }
}

/** The number of clients: the run's first argument, 1 to 5000. */
function clientCount(ctx: RunContext, fallback: number): number {
  const asked = Number(ctx.args[0] ?? fallback);
  if (!Number.isInteger(asked) || asked < 1 || asked > 5000) {
    throw new Error(`the number of clients must be 1 to 5000, got ${asked}`);
  }
  return asked;
}

async function manyClients(ctx: RunContext): Promise<void> {
  const count = clientCount(ctx, 100);
  // The server's own bound (1000 by default) must not drop any of them.
  const server = await startEchoServer({ maxConnections: count });
  try {
    const started = performance.now();
    const echoes = await echoMany(server.host, server.port, count);
    const ms = performance.now() - started;
    const matched = echoes.filter((e, i) => e === `message ${i + 1}`).length;
    const { peak, total } = server.stats();
    ctx.print(`${count} clients connected, then each sent its own message`);
    ctx.print(`${matched} of ${count} echoes matched their message`);
    ctx.print(
      `the server held ${peak} connections open at once, ${total} in all`,
    );
    ctx.print(`all of it took ${formatMs(ms)}`);
  } finally {
    await server.close();
  }
}

const KiB = 1024;

async function byteStream(ctx: RunContext): Promise<void> {
  const two = await readsOfTwoWrites("hello ", "world\n");
  ctx.print(
    'two writes, "hello " then "world\\n", one straight after the other:',
  );
  ctx.print(`  the server got ${two.length} read(s): ${two.join(", ")} bytes`);
  const small = await readsOfOneWrite(4000, 1000);
  ctx.print("one write of 4000 bytes, read into a 1000-byte buffer:");
  ctx.print(`  ${small.length} reads: ${small.join(", ")} bytes`);
  const big = await readsOfOneWrite(1024 * KiB);
  const largest = Math.max(...big);
  ctx.print("one write of 1 MiB, read with Node's own buffer:");
  ctx.print(
    `  ${big.length >= 16 ? "16 or more" : big.length} reads, ` +
      `none over ${largest <= 64 * KiB ? "64 KiB" : `${largest} bytes`}`,
  );
  const split = await startSplittingEchoServer();
  try {
    ctx.print("a server that answers in two pieces:");
    const once = await echoOnce(split.host, split.port, MESSAGE);
    ctx.print(`  the one-read client received: '${once}'`);
    const whole = await echo(split.host, split.port, MESSAGE);
    ctx.print(`  the half-closing client received: '${whole.toString()}'`);
  } finally {
    await split.close();
  }
}

/** One line per read, its bytes shown as they came. */
function printReads(ctx: RunContext, reads: Buffer[]): void {
  for (const [i, read] of reads.entries()) {
    ctx.print(`  read ${i + 1}: ${showBytes(read)}`);
  }
}

async function framing(ctx: RunContext): Promise<void> {
  const pieces = ["hello wor", "ld\ncaf\xc3", "\xa9\nthird line\n"].map(
    (text) => Buffer.from(text, "latin1"),
  );
  const lines = new LineDecoder();
  const got = await sendInPieces(pieces, (chunk) => lines.push(chunk));
  ctx.print(`3 lines in ${pieces.length} writes, cut anywhere, é included:`);
  printReads(ctx, got.reads);
  const decoded = got.messages.map((line) => JSON.stringify(line));
  ctx.print(`  the line decoder: ${decoded.join(", ")}`);
  const eachRead = got.reads.map((read) => read.toString("utf8")).join("");
  ctx.print(`  each read decoded on its own: ${JSON.stringify(eachRead)}`);

  const payloads = ["two\nlines", "", "ünï"].map((text) => Buffer.from(text));
  const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
  const cuts = [2, 9, 17, stream.length];
  const framed = cuts.map((end, i) => stream.subarray(cuts[i - 1] ?? 0, end));
  const frames = new FrameDecoder();
  const sent = await sendInPieces(framed, (chunk) => frames.push(chunk));
  ctx.print(
    `3 length-prefixed frames, ${stream.length} bytes, in ${framed.length} writes:`,
  );
  printReads(ctx, sent.reads);
  const payloadsSeen = sent.messages.map((f) => JSON.stringify(f.toString()));
  ctx.print(`  the frame decoder: ${payloadsSeen.join(", ")}`);
}

const ROUNDS = 20;

async function nagle(ctx: RunContext): Promise<void> {
  const server = await startFrameServer();
  const modes = [
    ["Nagle on (Node's default)", {}],
    ["setNoDelay(true)", { noDelay: true }],
    ["Nagle on, one write a message", { oneWrite: true }],
  ] as const;
  try {
    ctx.print(
      `${ROUNDS} rounds of write (header), write (body), read (answer):`,
    );
    for (const [name, options] of modes) {
      const times = await timeRounds(server, { ...options, rounds: ROUNDS });
      const total = times.reduce((sum, t) => sum + t, 0);
      ctx.print(
        `  ${`${name}:`.padEnd(31)} median ${formatMs(median(times))} a round, ` +
          `${formatMs(total)} in all`,
      );
      // Rounds done over time, from the start of this connection's rounds.
      let elapsed = 0;
      const points: [number, number][] = [[0, 0]];
      for (const [i, t] of times.entries()) {
        elapsed += t;
        points.push([Math.round(elapsed * 100) / 100, i + 1]);
      }
      ctx.plot?.({ name, unit: "rounds done", points });
    }
  } finally {
    await server.close();
  }
}

async function halfClose(ctx: RunContext): Promise<void> {
  ctx.print(
    `the client sends '${MESSAGE}' and half-closes; the server counts, then answers:`,
  );
  for (const allowHalfOpen of [false, true]) {
    const server = await startCountServer(allowHalfOpen);
    try {
      const answer = await echo(server.host, server.port, MESSAGE);
      const label = allowHalfOpen ? "true" : "false (the default)";
      ctx.print(`  allowHalfOpen: ${label}`);
      ctx.print(
        `    the client received: ${JSON.stringify(answer.toString())}`,
      );
      ctx.print(`    the server's answer: ${await server.firstAnswer}`);
    } finally {
      await server.close();
    }
  }
}

const GRACE_MS = 500;

async function shutdown(ctx: RunContext): Promise<void> {
  const server = await startEchoServer();
  const polite = [
    await connectTo(server.host, server.port),
    await connectTo(server.host, server.port),
  ];
  // This one never ends its side, even after the server's FIN.
  const stubborn = createConnection({
    host: server.host,
    port: server.port,
    allowHalfOpen: true,
  });
  await once(stubborn, "connect");
  const clients = [...polite, stubborn];
  await Promise.all(clients.map((socket) => echoOneByte(socket)));
  ctx.print(`${clients.length} clients connected, each has had an echo`);
  const sawFin = clients.map((socket) => once(socket, "end"));
  const started = performance.now();
  const closing = server.close(GRACE_MS);
  ctx.print(`close(${GRACE_MS}) called`);
  const refused = await connectTo(server.host, server.port).then(
    (socket) => (socket.destroy(), "connected"),
    (error: NodeJS.ErrnoException) => error.code,
  );
  ctx.print(`  a new client: ${refused}`);
  await Promise.all(sawFin);
  ctx.print("  every client got the server's FIN");
  const { ended, destroyed } = await closing;
  const ms = performance.now() - started;
  clients.forEach((socket, i) => {
    const side = socket.writableEnded
      ? "closed its side"
      : "kept its side open";
    ctx.print(`  client ${i + 1} ${side}`);
  });
  ctx.print(
    `close() resolved after ${formatMs(ms)}: ${ended} ended cleanly, ` +
      `${destroyed} destroyed after the ${formatMs(GRACE_MS)} grace`,
  );
  stubborn.destroy();
}

/** Sends one byte and waits for it to come back. */
async function echoOneByte(socket: Socket): Promise<void> {
  socket.write("x");
  await once(socket, "data");
}

export const runs: LessonRun[] = [
  {
    name: "asyncio-client",
    title: "The tutorial's echo client, against the lesson's server",
    run: asyncioClient,
    timeline: false,
  },
  {
    name: "many-clients",
    title: "Many clients at once (the run's argument: how many, default 100)",
    run: manyClients,
    timeline: false,
  },
  {
    name: "byte-stream",
    title: "Writes and reads do not line up",
    run: byteStream,
    timeline: false,
  },
  {
    name: "framing",
    title: "Lines and length prefixes, cut anywhere",
    run: framing,
    timeline: false,
  },
  {
    name: "nagle",
    title: "The write-write-read stall, with and without Nagle",
    run: nagle,
    timeline: false,
  },
  {
    name: "half-close",
    title: "Answering after the client's half-close",
    run: halfClose,
    timeline: false,
  },
  {
    name: "shutdown",
    title: "Closing the server: stop accepting, finish, close",
    run: shutdown,
    timeline: false,
  },
];
