import { describe, expect, it } from "vitest";
import { hostNames, stateChangeRefusal } from "../../src/server/guard.ts";
import { useServer } from "../helpers/server.ts";
import { Wire } from "./wire.ts";

const ctx = useServer();
const loopback = hostNames("127.0.0.1");

describe("which requests may change the server's state", () => {
  it.each([
    ["127.0.0.1:8080", undefined],
    ["127.0.0.1", undefined],
    ["127.1.2.3:9", undefined],
    ["localhost:8080", undefined],
    ["LOCALHOST:8080", undefined],
    ["[::1]:8080", undefined],
    ["localhost:8080", "http://localhost:4321"],
    ["127.0.0.1:8080", "http://127.0.0.1:4321"],
    ["127.0.0.1:8080", "http://localhost"],
    ["[::1]:8080", "http://[::1]:8080"],
  ])("lets Host %s with Origin %s through", (host, origin) => {
    expect(stateChangeRefusal(host, origin, loopback)).toBeUndefined();
  });

  it.each([
    [undefined, undefined, "no Host header"],
    ["evil.example:8080", undefined, "DNS rebinding"],
    ["localhost.evil.example", undefined, "DNS rebinding"],
    ["127.0.0.1.evil.example", undefined, "DNS rebinding"],
    ["128.0.0.1:8080", undefined, "DNS rebinding"],
    ["127.0.0.256", undefined, "DNS rebinding"],
    ["127.0.0.1:8080", "http://evil.example", "cross-site"],
    ["127.0.0.1:8080", "https://localhost:8080", "cross-site"],
    ["127.0.0.1:8080", "http://localhost.evil.example", "cross-site"],
    ["127.0.0.1:8080", "null", "cross-site"],
    ["127.0.0.1:8080", "http://localhost:8080/path", "cross-site"],
  ])("refuses Host %s with Origin %s (%s)", (host, origin, why) => {
    expect(stateChangeRefusal(host, origin, loopback)).toContain(why);
  });

  it("takes the machine's own addresses too when it listens on all of them", () => {
    const all = hostNames("0.0.0.0");
    expect(stateChangeRefusal("127.0.0.1:1", undefined, all)).toBeUndefined();
    const ten = hostNames("10.1.2.3");
    expect(stateChangeRefusal("10.1.2.3:8080", undefined, ten)).toBeUndefined();
    expect(stateChangeRefusal("10.1.2.4:8080", undefined, ten)).toContain(
      "DNS rebinding",
    );
  });
});

describe("POST /stats/reset and DELETE /stats", () => {
  /** Send a reset with these header lines; the status and the body. */
  async function reset(
    method: string,
    path: string,
    headers: string[],
  ): Promise<{ status: number; body: string }> {
    const wire = await Wire.open(ctx.server.port);
    try {
      const lines = [`${method} ${path} HTTP/1.1`, ...headers];
      wire.send(`${lines.join("\r\n")}\r\n\r\n`);
      return await wire.response(method);
    } finally {
      wire.destroy();
    }
  }

  it.each([
    ["POST", "/stats/reset", ["Host: evil.example"], "Host 'evil.example'"],
    [
      "POST",
      "/stats/reset",
      ["Host: 127.0.0.1", "Origin: http://evil.example"],
      "Origin 'http://evil.example'",
    ],
    ["DELETE", "/stats", ["Host: rebound.example:8080"], "DNS rebinding"],
  ])(
    "refuses %s %s from a foreign page with 403 and the reason, and keeps the log",
    async (method, path, headers, reason) => {
      await (await fetch(`${ctx.server.url}/delay/0`)).text();
      const answer = await reset(method, path, headers);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain(reason);
      expect(ctx.server.stats().totalRequests).toBe(1);
    },
  );

  it("resets for the workshop's own callers: the client, a loopback page, the server's own origin", async () => {
    await (await fetch(`${ctx.server.url}/delay/0`)).text();
    await ctx.client.reset();
    expect(ctx.server.stats().totalRequests).toBe(0);
    const host = `127.0.0.1:${ctx.server.port}`;
    for (const origin of ["http://localhost:4321", `http://${host}`]) {
      const answer = await reset("POST", "/stats/reset", [
        `Host: ${host}`,
        `Origin: ${origin}`,
      ]);
      expect(answer.status, origin).toBe(204);
    }
  });
});
