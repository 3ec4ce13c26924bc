// The bundled server: HTTP routes for the lessons plus a TCP echo server,
// importable (`startServer`) and runnable (`npm run server`).
import { createServer, type Server as HttpServer } from "node:http";
import type { Server, Socket } from "node:net";
import type { SharedState } from "./context.ts";
import { createEchoServer } from "./echo.ts";
import { Barriers } from "./handlers/barrier.ts";
import { JitterSequences } from "./handlers/jitter.ts";
import { createRequestHandler } from "./http-handler.ts";
import { Stats, type Connection } from "./stats.ts";
import type { RunningServer, ServerOptions } from "./types.ts";

export interface BundledServerOptions extends ServerOptions {
  /**
   * How long a client may take to send its request headers, in ms (default
   * 10000); after it the server answers 408 and closes the connection.
   */
  headersTimeoutMs?: number;
}

export interface BundledServer extends RunningServer {
  /** Close keep-alive connections that carry no request right now. */
  closeIdleConnections(): void;
}

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
    server.listen(port, host, () => {
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
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const stats = new Stats();
  const shared: SharedState = {
    barriers: new Barriers(),
    jitter: new JitterSequences(),
  };
  // Every open HTTP connection: its stats entry, and the list to wait on at
  // shutdown.
  const connections = new Map<Socket, Connection>();

  const http: HttpServer = createServer(
    {
      // HTTP keep-alive is on (Node's default); an idle connection is closed
      // after this long, and the client is told so in a Keep-Alive header.
      keepAliveTimeout: 5000,
      headersTimeout,
      // Time to receive a whole request (headers and body), not to answer it:
      // a long /delay or /fault/hang is unaffected.
      requestTimeout: Math.max(headersTimeout, 30_000),
      // How often Node checks those timeouts; a short headers timeout needs
      // a short period to fire on time.
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, headersTimeout / 4),
      ),
    },
    createRequestHandler(stats, shared, connections),
  );
  http.on("connection", (socket: Socket) => {
    const connection = stats.connectionOpened();
    connections.set(socket, connection);
    socket.once("close", () => {
      connections.delete(socket);
      stats.connectionClosed(connection);
    });
  });
  const echo = createEchoServer(stats);

  const port = await listen(http, "HTTP", options.port ?? 0, host);
  let echoPort: number;
  try {
    echoPort = await listen(echo.server, "echo", options.echoPort ?? 0, host);
  } catch (error) {
    await closed(http);
    throw error;
  }
  shared.echoPort = echoPort;

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
    close() {
      closing ??= (async () => {
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
