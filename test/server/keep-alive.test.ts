import { afterEach, describe, expect, it } from "vitest";
import { ROUTES } from "../../src/server/routes.ts";
import { CLOSE_REASON_HEADER } from "../../src/server/types.ts";
import { useServer } from "../helpers/server.ts";
import { Wire } from "./wire.ts";

const ctx = useServer();
let wire: Wire | undefined;
afterEach(() => wire?.destroy());

const KEPT = ROUTES.filter((route) => route.closes === undefined);
const CLOSING = ROUTES.filter((route) => route.closes !== undefined);

describe("keep-alive", () => {
  it("carries GET and HEAD on every route in the route list over one connection, each framed", async () => {
    wire = await Wire.open(ctx.server.port);
    const seen: string[] = [];
    for (const route of KEPT) {
      for (const method of ["GET", "HEAD"]) {
        const what = `${method} ${route.example}`;
        wire.request(method, route.example);
        const response = await wire.response(method);
        // The example is served, not refused (its own status may be any).
        expect([400, 404, 405], what).not.toContain(response.status);
        expect(response.headers.connection, what).not.toBe("close");
        const framed =
          response.headers["content-length"] !== undefined ||
          response.headers["transfer-encoding"] === "chunked";
        expect(framed, `${what} sends a length or is chunked`).toBe(true);
        if (method === "GET") expect(response.framing, what).not.toBe("close");
        seen.push(what);
      }
    }
    expect(wire.closed).toBe(false);
    const { requests, totalConnections } = ctx.server.stats();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(seen);
    expect(new Set(requests.map((r) => r.connectionId)).size).toBe(1);
    expect(totalConnections).toBe(1);
  }, 15_000);

  it("answers HEAD / with a Content-Length and keeps the connection, again and again", async () => {
    wire = await Wire.open(ctx.server.port);
    wire.request("GET", "/");
    const get = await wire.response("GET");
    for (let i = 0; i < 3; i++) {
      wire.request("HEAD", "/");
      const head = await wire.response("HEAD");
      expect(head.headers["content-length"]).toBe(
        String(Buffer.byteLength(get.body)),
      );
      expect(head.headers.connection).toBe("keep-alive");
    }
    expect(ctx.server.stats().totalConnections).toBe(1);
  });

  it("says why on the routes that must close, in the route list and on the wire", async () => {
    // The list is wrapped at 79 columns: compare it as one line.
    const text = await (await fetch(`${ctx.server.url}/`)).text();
    const list = text.replace(/\s+/g, " ");
    for (const route of CLOSING) {
      expect(list).toContain(`(closes: ${route.closes})`);
    }
    expect(list).toMatch(/both close: .*monitor/);
    for (const [method, path] of [
      ["GET", "/fault/slow-headers?ms=0&lines=1"],
      ["GET", "/stats"],
      ["HEAD", "/stats"],
      ["POST", "/stats/reset"],
    ] as const) {
      wire?.destroy();
      wire = await Wire.open(ctx.server.port);
      wire.request(method, path);
      const response = await wire.response(method);
      expect(response.headers.connection, `${method} ${path}`).toBe("close");
      expect(
        response.headers[CLOSE_REASON_HEADER],
        `${method} ${path}`,
      ).toMatch(/\w+ \w+/);
      await wire.closedByServer();
    }
  });
});
