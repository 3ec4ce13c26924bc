import { Agent, get } from "node:http";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();
const CLIENTS = 200;

function getVia(
  agent: Agent,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(ctx.server.url + path, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

describe("many clients at once", () => {
  it(`serves ${CLIENTS} concurrent clients, all in flight together`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    try {
      // The barrier answers only when all of them are waiting at once: the
      // peak is exact, not a matter of timing.
      const answers = await Promise.all(
        Array.from({ length: CLIENTS }, () =>
          getVia(agent, `/barrier/${CLIENTS}?key=load&timeout=15000`),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(CLIENTS);
      const stats = ctx.server.stats();
      expect(stats).toMatchObject({
        peakInFlight: CLIENTS,
        totalRequests: CLIENTS,
        inFlight: 0,
      });
      expect(stats.totalConnections).toBe(CLIENTS);
      expect(new Set(stats.requests.map((r) => r.connectionId)).size).toBe(
        CLIENTS,
      );
    } finally {
      agent.destroy();
    }
  });
});
