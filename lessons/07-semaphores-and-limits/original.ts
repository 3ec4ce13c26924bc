// The original Python tutorial's last program, as it was written: a thousand
// tasks behind a semaphore of 500, and in each task a session of its own.
// Then the same with one session for every task.
import http from "node:http";
import { getText } from "./http-text.ts";
import { Semaphore } from "./semaphore.ts";

export interface OriginalOptions {
  tasks: number;
  limit: number;
  signal?: AbortSignal;
}

// #region session-per-task
/** `tasks` GETs of `url`, `limit` at a time, each over a new session. */
export function sessionPerTask(
  url: URL,
  { tasks, limit, signal }: OriginalOptions,
): Promise<PromiseSettledResult<string>[]> {
  const semaphore = new Semaphore(limit);
  const hello = async (): Promise<string> => {
    // `async with aiohttp.ClientSession() as session:` inside the task. A
    // session is a pool of connections; this one serves a single request.
    const session = new http.Agent({ keepAlive: true });
    try {
      return await getText(url, { agent: session, ...(signal && { signal }) });
    } finally {
      session.destroy();
    }
  };
  // `await asyncio.wait(tasks)`: wait for every task, raise nothing.
  return Promise.allSettled(
    Array.from({ length: tasks }, () => semaphore.withPermit(hello, signal)),
  );
}
// #endregion

// #region one-session
/** The same requests over one session that every task shares. */
export async function oneSession(
  url: URL,
  { tasks, limit, signal }: OriginalOptions,
): Promise<PromiseSettledResult<string>[]> {
  const semaphore = new Semaphore(limit);
  // One pool for the whole program: a socket whose answer is in goes back
  // to it, and the next task's request goes out on that socket.
  const session = new http.Agent({ keepAlive: true });
  const hello = (): Promise<string> =>
    getText(url, { agent: session, ...(signal && { signal }) });
  try {
    return await Promise.allSettled(
      Array.from({ length: tasks }, () => semaphore.withPermit(hello, signal)),
    );
  } finally {
    session.destroy();
  }
}
// #endregion
