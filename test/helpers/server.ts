// `useServer()`: the bundled server for one vitest file.
//
// - beforeAll starts one server (HTTP and echo on free ports of 127.0.0.1);
//   afterAll closes it, so every connection it holds is closed too.
// - beforeEach resets its stats: each test sees only its own requests.
// - afterEach checks nothing leaked: it waits (up to 1 s) for every request
//   to finish, closes idle keep-alive connections (a client's connection
//   pool keeping a finished connection is not a leak), then waits (up to
//   1 s) for the open connection count to reach 0, and fails naming what
//   is still open. A file whose tests leave connections open on purpose
//   opts out with `useServer({ checkConnections: false })`.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { serverClient } from "../../src/server/client.ts";
import { startServer, type BundledServer } from "../../src/server/index.ts";
import { settledStats } from "../../src/server/settled.ts";
import type { ServerClient, ServerStats } from "../../src/server/types.ts";

export interface UseServerOptions {
  /** Check after each test that no connection is left open (default true). */
  checkConnections?: boolean;
  /** Passed to the server: how long a client may take to send headers. */
  headersTimeoutMs?: number;
}

export interface ServerContext {
  readonly server: BundledServer;
  readonly client: ServerClient;
}

const SETTLE_MS = 1000;

function describeInFlight(stats: ServerStats): string {
  const open = stats.requests.filter((r) => r.outcome === "in-flight");
  return open.map((r) => `${r.method} ${r.path}`).join(", ") || "none logged";
}

async function expectNothingOpen(server: BundledServer): Promise<void> {
  const requests = await settledStats(server, SETTLE_MS);
  if (requests.inFlight > 0) {
    throw new Error(
      `${requests.inFlight} request(s) still in flight ${SETTLE_MS} ms after ` +
        `the test: ${describeInFlight(requests)}`,
    );
  }
  server.closeIdleConnections();
  const connections = await settledStats(
    server,
    SETTLE_MS,
    (s) => s.openConnections === 0,
  );
  if (connections.openConnections > 0) {
    throw new Error(
      `${connections.openConnections} HTTP connection(s) still open on the ` +
        `server ${SETTLE_MS} ms after the test`,
    );
  }
}

export function useServer(options: UseServerOptions = {}): ServerContext {
  let server: BundledServer | undefined;
  let client: ServerClient | undefined;

  beforeAll(async () => {
    server = await startServer({
      port: 0,
      echoPort: 0,
      ...(options.headersTimeoutMs === undefined
        ? {}
        : { headersTimeoutMs: options.headersTimeoutMs }),
    });
    client = serverClient(server.url, {
      host: server.host,
      port: server.echoPort,
    });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.resetStats();
  });
  if (options.checkConnections !== false) {
    afterEach(async () => {
      if (server !== undefined) await expectNothingOpen(server);
    });
  }

  return {
    get server() {
      if (server === undefined)
        throw new Error("useServer(): the server starts in beforeAll");
      return server;
    },
    get client() {
      if (client === undefined)
        throw new Error("useServer(): the server starts in beforeAll");
      return client;
    },
  };
}
