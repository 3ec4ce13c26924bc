// The bundled server: HTTP routes for the lessons plus a TCP echo server,
// importable (`startServer`) and runnable (`npm run server`).
import { createServer, type Server as HttpServer } from "node:http";
import type { Server, Socket } from "node:net";
import type { SharedState } from "./context.ts";
import { createEchoServer } from "./echo.ts";
import { hostNames } from "./guard.ts";
import { Barriers } from "./handlers/barrier.ts";
import { JitterSequences } from "./handlers/jitter.ts";
import { createRequestHandler, type Tracked } from "./http-handler.ts";
import {
  DEFAULT_LIFETIMES,
  watched,
  Watchdog,
  type Lifetimes,
} from "./lifetimes.ts";
import { CONNECT_REFUSAL, parserRefusal, refuseOnSocket } from "./protocol.ts";
import { Stats } from "./stats.ts";
import type { RunningServer, ServerOptions } from "./types.ts";

export interface BundledServerOptions extends ServerOptions {
  /**
   * How long a client may take to send its request headers, in ms (default
   * 10000); after it the server answers 408 and closes the connection.
   */
  headersTimeoutMs?: number;
  /** See `Lifetimes.inactivityMs` (default 75000): bounds `/fault/hang`. */
  inactivityTimeoutMs?: number;
  /** See `Lifetimes.stallMs` (default 30000): bounds a reader that stopped. */
  stallTimeoutMs?: number;
  /** See `Lifetimes.echoIdleMs` (default 60000). */
  echoIdleTimeoutMs?: number;
  /** Where the server's own messages go (running out of file descriptors,
   * a failed accept), one line each; stderr by default. */
  log?: (line: string) => void;
}

export interface BundledServer extends RunningServer {
  /** Close keep-alive connections that carry no request right now. */
  closeIdleConnections(): void;
  /**
   * Bytes the server holds in its sockets' write buffers right now (HTTP
   * and echo): what clients that read slowly, or not at all, cost it.
   */
  bufferedBytes(): number;
  /**
   * Connections as the server holds them, monitors included (the stats
   * leave those out): HTTP and echo ones open now, and the HTTP ones
   * accepted since start.
   */
  sockets(): { http: number; echo: number; httpAccepted: number };
}

/** The listen backlog: room for a burst of new connections (Linux caps it
 * at net.core.somaxconn). */
export const LISTEN_BACKLOG = 1024;

/** A port was taken; `service` says which of the two servers wanted it. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  readonly service: "HTTP" | "echo";
  readonly port: number;
  constructor(service: "HTTP" | "echo", port: number, options?: ErrorOptions) {
    super(`port ${port} (${service}) is already in use`, options);
    this.service = service;
    this.port = port;
  }
}

/** The server cannot listen where it was asked to, for a reason the user
 * can fix: the message says what is wrong, `advice` what to do. */
export class ListenError extends Error {
  override name = "ListenError";
  readonly advice: string;
  constructor(message: string, advice: string, options?: ErrorOptions) {
    super(message, options);
    this.advice = advice;
  }
}

const HOST_ADVICE =
  "use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)";

/** The listen errors that a host or port flag can cause, in words. */
function listenFailure(
  error: NodeJS.ErrnoException,
  service: "HTTP" | "echo",
  port: number,
  host: string,
): Error {
  const options = { cause: error };
  switch (error.code) {
    case "EADDRINUSE":
      return new PortInUseError(service, port, options);
    case "EADDRNOTAVAIL":
      return new ListenError(
        `${host} is not an address of this machine`,
        HOST_ADVICE,
        options,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ListenError(
        `the host name ${host} does not resolve`,
        HOST_ADVICE,
        options,
      );
    case "EACCES":
      return new ListenError(
        `port ${port} (${service}) needs privileges this user does not have`,
        "use a port from 1024 up, or 0 for a free one",
        options,
      );
    default:
      return error;
  }
}

function listen(
  server: Server,
  service: "HTTP" | "echo",
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(listenFailure(error, service, port, host));
    };
    server.once("error", onError);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(
        typeof address === "object" && address !== null ? address.port : port,
      );
    });
  });
}

function socketClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    socket.once("close", () => resolve());
  });
}

function closed(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export async function startServer(
  options: BundledServerOptions = {},
): Promise<BundledServer> {
  const host = options.host ?? "127.0.0.1";
  const headersMs = options.headersTimeoutMs ?? DEFAULT_LIFETIMES.headersMs;
  const lifetimes: Lifetimes = {
    keepAliveMs: DEFAULT_LIFETIMES.keepAliveMs,
    headersMs,
    requestMs: Math.max(headersMs, DEFAULT_LIFETIMES.requestMs),
    inactivityMs: options.inactivityTimeoutMs ?? DEFAULT_LIFETIMES.inactivityMs,
    stallMs: options.stallTimeoutMs ?? DEFAULT_LIFETIMES.stallMs,
    echoIdleMs: options.echoIdleTimeoutMs ?? DEFAULT_LIFETIMES.echoIdleMs,
  };
  const log = options.log ?? ((line: string) => console.error(line));
  const stats = new Stats();
  const shared: SharedState = {
    barriers: new Barriers(),
    jitter: new JitterSequences(),
    hostNames: hostNames(host),
    lifetimes,
  };
  // Every open HTTP connection: its stats entry, what the watchdog knows of
  // it, and the list to wait on at shutdown.
  const connections = new Map<Socket, Tracked>();

  const http: HttpServer = createServer(
    {
      // HTTP keep-alive is on (Node's default); an idle connection is closed
      // after this long, and the client is told so in a Keep-Alive header.
      // Long enough for a keep-alive client that sends HEAD every few
      // seconds, as the original Python tutorial's benchmark does.
      keepAliveTimeout: lifetimes.keepAliveMs,
      headersTimeout: lifetimes.headersMs,
      // Time to receive a whole request (headers and body), not to answer it:
      // a long /delay or /fault/hang is unaffected.
      requestTimeout: lifetimes.requestMs,
      // How often Node checks those timeouts; a short headers timeout needs
      // a short period to fire on time.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, lifetimes.headersMs / 4),
      ),
      // An HTTP/1.1 request without Host gets a 400 with a reason from the
      // request handler, instead of Node's bodiless one.
      requireHostHeader: false,
    },
    createRequestHandler(stats, shared, connections),
  );
  let httpAccepted = 0;
  http.on("connection", (socket: Socket) => {
    httpAccepted++;
    const connection = stats.connectionOpened();
    connections.set(socket, {
      connection,
      watched: watched(),
      open: 0,
      afterResponses: undefined,
      failed: false,
    });
    socket.once("close", () => {
      connections.delete(socket);
      stats.connectionClosed(connection);
    });
  });
  // Bytes the parser cannot read: answer with the reason, once per
  // connection (Node reports every unreadable chunk), after any response
  // still being sent on it, then close.
  http.on("clientError", (error: Error, socket: Socket) => {
    const tracked = connections.get(socket);
    if (tracked?.failed === true) return;
    if (tracked !== undefined) tracked.failed = true;
    const refusal = parserRefusal(error, lifetimes);
    if (refusal === undefined) return void socket.destroy();
    const answer = (): void => refuseOnSocket(socket, refusal);
    if (tracked !== undefined && tracked.open > 0) {
      tracked.afterResponses = answer;
    } else answer();
  });
  // CONNECT takes the socket away from the HTTP parser: answer it here.
  http.on("connect", (_req, socket: Socket) => {
    refuseOnSocket(socket, CONNECT_REFUSAL);
  });
  const echo = createEchoServer(stats, lifetimes.echoIdleMs);
  const watchdog = new Watchdog({
    lifetimes,
    connections,
    log,
    describeOpen: () =>
      `${connections.size} HTTP and ${echo.sockets.size} echo connections ` +
      "are open",
  });
  // After listening, an error from a server is an accept that failed: say
  // so and keep serving (an uncaught 'error' would end the process).
  const reported = new Set<string>();
  const onServerError = (service: string) => (error: Error) => {
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    if (code === "EMFILE" || code === "ENFILE") {
      return watchdog.outOfDescriptors(code);
    }
    if (reported.has(code)) return;
    reported.add(code);
    log(`${service} server: ${error.message}; still serving.`);
  };

  let port: number;
  let echoPort: number;
  try {
    port = await listen(http, "HTTP", options.port ?? 0, host);
    try {
      echoPort = await listen(echo.server, "echo", options.echoPort ?? 0, host);
    } catch (error) {
      await closed(http);
      throw error;
    }
  } catch (error) {
    watchdog.stop();
    throw error;
  }
  shared.echoPort = echoPort;
  http.on("error", onServerError("HTTP"));
  echo.server.on("error", onServerError("echo"));

  let closing: Promise<void> | undefined;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    echoPort,
    stats: () => stats.snapshot(),
    resetStats() {
      stats.reset();
      shared.jitter.reset();
    },
    closeIdleConnections: () => http.closeIdleConnections(),
    sockets: () => ({
      http: connections.size,
      echo: echo.sockets.size,
      httpAccepted,
    }),
    bufferedBytes() {
      let bytes = 0;
      for (const socket of connections.keys()) bytes += socket.writableLength;
      for (const socket of echo.sockets) bytes += socket.writableLength;
      return bytes;
    },
    close() {
      closing ??= (async () => {
        watchdog.stop();
        // Listen before anything is destroyed (`server.close()` already
        // destroys idle connections): a destroyed socket reports `closed` a
        // tick before it emits 'close'. A cut response's 'close' comes before
        // its socket's, so once every socket has closed, the log says how
        // each request ended.
        const sockets = [...connections.keys(), ...echo.sockets].map(
          socketClosed,
        );
        const servers = [closed(http), closed(echo.server)];
        // Idle keep-alive connections get a clean close first; then whatever
        // is still mid-request (a hang, a long delay) is cut.
        http.closeIdleConnections();
        http.closeAllConnections();
        for (const socket of echo.sockets) socket.destroy();
        await Promise.all([...servers, ...sockets]);
      })();
      return closing;
    },
  };
}
