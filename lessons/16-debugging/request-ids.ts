// A small service that logs every step of every request with the request's
// id. Three ways to know the id at a log line: a module variable set when a
// request starts (wrong as soon as two requests overlap), AsyncLocalStorage
// (right across every `await`), and AsyncLocalStorage with a job queue that
// calls back from its own context unless the callback is bound.
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type IdKeeping = "module-variable" | "async-local" | "async-local-bound";

export interface LogLine {
  /** The id the log line was written with ("-" for none). */
  id: string;
  text: string;
}

export interface IdService {
  url: string;
  close(): Promise<void>;
}

// #region global
let currentId = "-";
// #endregion

// #region als
const requestIds = new AsyncLocalStorage<string>();
// #endregion

/** A queue of jobs, run in turn by one loop that started with the service:
 * the job's callback runs in that loop's context, not the request's. */
function jobQueue(bind: boolean) {
  const jobs: (() => void)[] = [];
  const timer = setInterval(() => jobs.splice(0).forEach((job) => job()), 20);
  return {
    // #region bind
    push(done: () => void): void {
      // `AsyncResource.bind` makes the callback run in the context of the
      // caller of `push`: the request's, with its id.
      jobs.push(bind ? AsyncResource.bind(done) : done);
    },
    // #endregion
    stop: () => clearInterval(timer),
  };
}

/** Start the service; `upstream` is the bundled server's URL. */
export async function startIdService(
  upstream: string,
  keeping: IdKeeping,
  log: (line: LogLine) => void,
): Promise<IdService> {
  const queue = jobQueue(keeping === "async-local-bound");
  // #region log
  const write = (text: string) => {
    const id =
      keeping === "module-variable"
        ? currentId
        : (requestIds.getStore() ?? "-");
    log({ id, text });
  };
  // #endregion

  async function handle(request: http.IncomingMessage): Promise<string> {
    const ms = Number(
      new URL(request.url ?? "/", "http://x").searchParams.get("ms"),
    );
    write(`GET ${request.url}`);
    await (await fetch(`${upstream}/delay/${ms}`)).text();
    write("the upstream answered");
    await new Promise<void>((resolve) =>
      queue.push(() => {
        write("the job ran");
        resolve();
      }),
    );
    write("answering");
    return "ok";
  }

  const server = http.createServer((request, response) => {
    const id = String(request.headers["x-request-id"] ?? "-");
    // #region run
    const answer = () => handle(request).then((body) => response.end(body));
    if (keeping === "module-variable") {
      currentId = id;
      void answer();
    } else {
      // Everything `answer` does, and every callback and continuation it
      // starts, sees `id` as the store.
      void requestIds.run(id, answer);
    }
    // #endregion
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      queue.stop();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The requests `overlappingRequests` sends: id and upstream delay. The
 * answers come 200 ms apart: on a busy machine a loop can be late by 100 ms,
 * and the lines must still come in this order. */
export const OVERLAPPING: readonly [string, number][] = [
  ["r1", 600],
  ["r2", 200],
  ["r3", 400],
];

// #region overlap
/**
 * Start the service, send it three requests that overlap, each once the
 * one before it has logged its first line (so they start in a known
 * order), and return the log.
 */
export async function overlappingRequests(
  upstream: string,
  keeping: IdKeeping,
): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let started: (() => void) | undefined;
  const service = await startIdService(upstream, keeping, (line) => {
    lines.push(line);
    if (line.text.startsWith("GET")) started?.();
  });
  try {
    const answers: Promise<string>[] = [];
    for (const [id, ms] of OVERLAPPING) {
      const logged = new Promise<void>((resolve) => (started = resolve));
      const headers = { "x-request-id": id };
      const url = `${service.url}/work?ms=${ms}`;
      answers.push(fetch(url, { headers }).then((r) => r.text()));
      await logged;
    }
    await Promise.all(answers);
    return lines;
  } finally {
    await service.close();
  }
}
// #endregion
