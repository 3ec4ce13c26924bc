// Reads a running bundled server's stats over HTTP, whether it runs in this
// process or elsewhere (`npm run server`).
import type { ServerClient, ServerStats } from "./types.ts";

export function serverClient(
  url: string,
  echo: { host: string; port: number },
): ServerClient {
  return {
    url,
    echo,
    async stats() {
      const response = await fetch(`${url}/stats`);
      if (!response.ok) {
        throw new Error(`GET ${url}/stats answered ${response.status}`);
      }
      return (await response.json()) as ServerStats;
    },
    async reset() {
      const response = await fetch(`${url}/stats/reset`, { method: "POST" });
      if (response.status !== 204) {
        throw new Error(`POST ${url}/stats/reset answered ${response.status}`);
      }
    },
  };
}
