// Exercise: a line server (the protocol is in protocol.ts). Every line gets
// a numbered reply, in order, even when one of them has to wait; a client's
// half-close still gets every reply that is due; and close() stops
// accepting, ends idle connections, and lets busy ones finish.
import { createServer, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { LineDecoder } from "../framing.ts";
import {
  delayFor,
  listenOn,
  type LineServer,
  type ListenOptions,
} from "./protocol.ts";

export type { LineServer, ListenOptions };

/** What the server keeps of each connection. */
export interface Connection {
  /** Take no more lines; end the connection once every reply is out. */
  finish(): void;
}

export interface Replier extends Connection {
  /** Reply to one line, after the replies to the lines before it. */
  answer(line: string): void;
}

/** The replies of one connection: numbered from 1, in the order asked. */
export function replier(socket: Socket): Replier {
  let count = 0;
  let finishing = false;
  // Replies go out in the order of the lines, however long each one takes:
  // every step waits for the one before it.
  let queue = Promise.resolve();
  const then = (step: () => unknown): void => {
    queue = queue.then(step).then(
      () => {},
      () => {
        socket.destroy();
      },
    );
  };
  const send = (text: string): void => {
    if (socket.writable) socket.write(text);
  };
  const finish = (): void => {
    if (finishing) return;
    finishing = true;
    then(() => socket.end());
  };
  const answer = (line: string): void => {
    if (finishing) return;
    if (line === "QUIT") {
      then(() => send("BYE\n"));
      return finish();
    }
    const n = ++count;
    then(async () => {
      const ms = delayFor(line);
      if (ms > 0) await sleep(ms);
      send(`${n}: ${line}\n`);
    });
  };
  return { answer, finish };
}

/** One client: lines in, replies out; its FIN gets the replies still due. */
export function serveLines(
  socket: Socket,
  replies: Replier = replier(socket),
): Connection {
  const lines = new LineDecoder();
  // TCP delivers chunks, not lines: a line may come in pieces, and several
  // lines in one chunk. The decoder keeps the unfinished end for later.
  socket.on("data", (chunk: Buffer) => {
    try {
      for (const line of lines.push(chunk)) replies.answer(line);
    } catch {
      // A line over the decoder's limit: this client is not speaking the
      // protocol.
      socket.destroy();
    }
  });
  // The client's FIN: its last line counts even without a newline. Then
  // our side closes, once every reply is out.
  socket.on("end", () => {
    const last = lines.end();
    if (last !== null) replies.answer(last);
    replies.finish();
  });
  socket.on("error", () => socket.destroy());
  return replies;
}

/** Stop accepting; end idle connections now and busy ones when done. */
export function closeGracefully(
  server: Server,
  connections: Iterable<Connection>,
): Promise<void> {
  return new Promise((resolve) => {
    // `close` stops listening at once and calls back once the last
    // connection has closed.
    server.close(() => resolve());
    for (const connection of connections) connection.finish();
  });
}

export function startLineServer(
  options: ListenOptions = {},
): Promise<LineServer> {
  const connections = new Set<Connection>();
  // `allowHalfOpen`: after the client's FIN, keep our side open, since
  // replies may still be due.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = serveLines(socket);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
  });
  return listenOn(server, options, () => closeGracefully(server, connections));
}
