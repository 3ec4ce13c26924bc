// The other fix: a connection pool. The agent never opens more than
// `poolSize` sockets; further requests queue inside it until one is free.
import http from "node:http";
import { getText } from "./http-text.ts";

export interface PooledOptions {
  signal?: AbortSignal;
}

// #region pool
/** Every path fetched over at most `poolSize` keep-alive connections. */
export async function fetchWithPool(
  baseUrl: string,
  paths: readonly string[],
  poolSize: number,
  options: PooledOptions = {},
): Promise<string[]> {
  // `maxSockets` caps the connections per host; `keepAlive` lets each one
  // carry the next queued request instead of closing after one response.
  const agent = new http.Agent({ keepAlive: true, maxSockets: poolSize });
  try {
    return await Promise.all(
      paths.map((path) =>
        getText(new URL(path, baseUrl), { ...options, agent }),
      ),
    );
  } finally {
    // Close the idle connections the pool still holds.
    agent.destroy();
  }
}
// #endregion
