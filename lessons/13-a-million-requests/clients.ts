// The same closed loop with four HTTP clients: `fetch`, undici's `Pool`,
// one undici `Client` per connection, and the raw-socket load generator.
// Each one keeps `connections` requests in flight for a while; what it
// costs shows up as CPU time per request in this process.
// A default import: `astro check` misreads undici's named re-exports.
import undici from "undici";
import { runLoad } from "./loadgen.ts";

const { Client, Pool } = undici;

export type ClientKind = "fetch" | "pool" | "clients" | "raw";

export interface ClientMeasurement {
  kind: ClientKind;
  connections: number;
  requests: number;
  errors: number;
  seconds: number;
  reqPerSec: number;
  /** User plus system CPU time of this process, per request. */
  cpuUsPerRequest: number;
}

export interface MeasureOptions {
  connections: number;
  durationMs: number;
  /** Run this long first, untimed, so that the code is compiled. */
  warmUpMs?: number;
}

// #region workers
/** `connections` workers, each sending its next request when the last
 * one is answered, until the time is up. Returns requests and errors. */
async function closedLoop(
  connections: number,
  durationMs: number,
  send: (worker: number) => Promise<void>,
): Promise<{ requests: number; errors: number }> {
  const deadline = performance.now() + durationMs;
  let requests = 0;
  let errors = 0;
  const worker = async (id: number): Promise<void> => {
    while (performance.now() < deadline) {
      try {
        await send(id);
        requests++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => worker(i)));
  return { requests, errors };
}
// #endregion

// #region senders
/** A function that sends one GET of `url` with the client `kind`. */
function sender(
  kind: Exclude<ClientKind, "raw">,
  url: URL,
  connections: number,
) {
  if (kind === "fetch") {
    // Every call builds a Request, Headers, a Response and a web stream
    // for its body, and goes through the global dispatcher.
    const send = async (): Promise<void> => {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`status ${response.status}`);
    };
    return { send, close: async () => {} };
  }
  if (kind === "pool") {
    // One pool of `connections` sockets; each request is handed to the
    // first client in it that is free.
    const pool = new Pool(url.origin, { connections });
    const send = async (): Promise<void> => {
      const { statusCode, body } = await pool.request({
        path: `${url.pathname}${url.search}`,
        method: "GET",
      });
      await body.dump();
      if (statusCode >= 300) throw new Error(`status ${statusCode}`);
    };
    return { send, close: () => pool.close() };
  }
  // One client, and so one connection, per worker: no search for a free
  // connection, the rest of undici's work is the same.
  const clients = Array.from(
    { length: connections },
    () => new Client(url.origin),
  );
  const send = async (worker: number): Promise<void> => {
    const { statusCode, body } = await clients[worker]!.request({
      path: `${url.pathname}${url.search}`,
      method: "GET",
    });
    await body.dump();
    if (statusCode >= 300) throw new Error(`status ${statusCode}`);
  };
  return {
    send,
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
// #endregion

function measured(
  kind: ClientKind,
  connections: number,
  result: { requests: number; errors: number },
  ms: number,
  cpu: NodeJS.CpuUsage,
): ClientMeasurement {
  const seconds = ms / 1000;
  return {
    kind,
    connections,
    ...result,
    seconds: Math.round(seconds * 1000) / 1000,
    reqPerSec: Math.round(result.requests / seconds),
    cpuUsPerRequest:
      result.requests === 0
        ? 0
        : Math.round(((cpu.user + cpu.system) / result.requests) * 10) / 10,
  };
}

/** Measures one client against `url`: requests per second and CPU. */
export async function measureClient(
  kind: ClientKind,
  url: string,
  { connections, durationMs, warmUpMs = 300 }: MeasureOptions,
): Promise<ClientMeasurement> {
  const target = new URL(url);
  if (kind === "raw") {
    if (warmUpMs > 0) {
      await runLoad({ url: target, connections, durationMs: warmUpMs });
    }
    const before = process.cpuUsage();
    const started = performance.now();
    const report = await runLoad({ url: target, connections, durationMs });
    const ms = performance.now() - started;
    const { requests, errors } = report;
    const cpu = process.cpuUsage(before);
    return measured(kind, connections, { requests, errors }, ms, cpu);
  }
  const { send, close } = sender(kind, target, connections);
  try {
    if (warmUpMs > 0) await closedLoop(connections, warmUpMs, send);
    const before = process.cpuUsage();
    const started = performance.now();
    const result = await closedLoop(connections, durationMs, send);
    const ms = performance.now() - started;
    return measured(kind, connections, result, ms, process.cpuUsage(before));
  } finally {
    await close();
  }
}
