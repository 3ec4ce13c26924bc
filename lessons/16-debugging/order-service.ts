// The plumbing of the exercise's order service, which has no bugs: the
// types, the request id of each request in an AsyncLocalStorage, a logger
// that writes it on every line, the upstream calls, and an HTTP server that
// routes requests to the service's handlers. The bugs are in
// exercise/task.ts.
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LogLine {
  /** The request id the line was logged with; "-" outside a request. */
  id: string;
  text: string;
}

export interface ServiceOptions {
  /** The upstream: the bundled server's base URL. */
  upstream: string;
  /** Paths on the upstream: the warehouse's stock lookup, the orders
   * database's save, and the audit log's write. */
  paths: { stock: string; save: string; audit: string };
  /** How often the metrics line is logged. */
  metricsEveryMs: number;
  /** Where log lines go. */
  log: (line: LogLine) => void;
}

export interface Service {
  url: string;
  /** Stop the service: no requests, no timers, nothing left running. */
  close(): Promise<void>;
}

export interface Order {
  id: number;
  item: string;
  stock: number;
}

/** What a handler answers: a status and a JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

/** What the warehouse has, by item. */
export const STOCK: Readonly<Record<string, number>> = { apple: 12, pear: 3 };

/** The receipt signature's key-stretching cost: about 0.2 s of CPU. */
export const RECEIPT_ROUNDS = 900_000;

// The id of the request being served, for every line logged while it is.
const requestIds = new AsyncLocalStorage<string>();

/** A logger that writes the current request's id on every line. */
export function logger(options: ServiceOptions): (text: string) => void {
  return (text) => options.log({ id: requestIds.getStore() ?? "-", text });
}

/** GET `${upstream}${path}` and its body; a status of 400 or more throws. */
export async function upstreamText(
  options: ServiceOptions,
  path: string,
): Promise<string> {
  const response = await fetch(`${options.upstream}${path}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return text;
}

type Handler = (method: string, url: URL) => Promise<Answer>;

/** An HTTP server on a free port of 127.0.0.1 that runs each request in
 * its own request-id context (the `x-request-id` header, or "-"). */
export async function listen(
  handle: Handler,
): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((request, response) => {
    const id = String(request.headers["x-request-id"] ?? "-");
    const url = new URL(request.url ?? "/", "http://service");
    const reply = ({ status, body }: Answer) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    requestIds.run(id, () => {
      handle(request.method ?? "GET", url).then(reply, (error: unknown) =>
        reply({ status: 500, body: { error: String(error) } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** Close `server`, its idle keep-alive connections first. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
