import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { exchange } from "./exchange.ts";
import type { Exchange } from "./exchange.ts";

const ctx = useServer();
const send = promisify(exchange);

const header = (result: Exchange | undefined, name: string) =>
  result?.head.headers.find(([key]) => key === name)?.[1];

describe("requests written by hand, and what HTTP makes of them", () => {
  it("answers the original Python tutorial's one-line HTTP/1.0 GET, then closes", async () => {
    const result = await send(
      `${ctx.server.url}/bar`,
      "GET /bar HTTP/1.0\r\n\r\n",
      1000,
    );
    expect(result?.head.status).toBe(200);
    expect(result?.body.toString()).toBe("bar");
    expect(header(result, "connection")).toBe("close");
    // Reading until the server closes gets the whole response.
    expect(result?.closedByServer).toBe(true);
  });

  it("refuses an HTTP/1.1 GET without a Host line with a 400", async () => {
    const result = await send(
      `${ctx.server.url}/bar`,
      "GET /bar HTTP/1.1\r\n\r\n",
      1000,
    );
    expect(result?.head.status).toBe(400);
    expect(result?.closedByServer).toBe(true);
  });

  it("keeps an HTTP/1.1 connection open after the response: reading until close would wait", async () => {
    const { host } = new URL(ctx.server.url);
    const result = await send(
      `${ctx.server.url}/bar`,
      `GET /bar HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      300,
    );
    expect(result?.head.status).toBe(200);
    expect(result?.body.toString()).toBe("bar");
    expect(header(result, "content-length")).toBe("3");
    expect(header(result, "connection")).toBe("keep-alive");
    expect(result?.closedByServer).toBe(false);
  });
});
