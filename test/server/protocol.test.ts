import { afterEach, describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { rawExchange } from "./raw-http.ts";
import { Wire } from "./wire.ts";

const ctx = useServer();
let wire: Wire | undefined;
afterEach(() => wire?.destroy());

/** Status line and body of what the server answered `bytes` with. */
async function answer(
  bytes: string,
): Promise<{ status: string; body: string }> {
  const { text } = await rawExchange(ctx.server.port, bytes);
  const [head = "", body = ""] = text.split("\r\n\r\n");
  return { status: head.split("\r\n")[0] ?? "", body };
}

describe("requests the routes never see", () => {
  it.each([
    [
      "an unknown method",
      "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n",
      "400",
      /could not be parsed: .*method/i,
    ],
    ["garbage", "\u0001\u0002garbage\r\n\r\n", "400", /could not be parsed/],
    [
      "a bad header line",
      "GET / HTTP/1.1\r\nHost: t\r\nno colon here\r\n\r\n",
      "400",
      /could not be parsed: .*header/i,
    ],
    [
      "a bad Content-Length",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n",
      "400",
      /could not be parsed/,
    ],
    ["HTTP/1.2", "GET / HTTP/1.2\r\nHost: t\r\n\r\n", "505", /HTTP version/],
    [
      "HTTP/2.0",
      "GET / HTTP/2.0\r\nHost: t\r\n\r\n",
      "505",
      /HTTP\/2\.0 is not spoken here/,
    ],
    [
      "the HTTP/2 preface",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
      "505",
      /HTTP\/2 preface/,
    ],
    [
      "CONNECT",
      "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
      "405",
      /not a proxy/,
    ],
    [
      "HTTP/1.1 without Host",
      "GET /delay/0 HTTP/1.1\r\n\r\n",
      "400",
      /must carry a Host header/,
    ],
    [
      "headers over 16 KiB",
      `GET / HTTP/1.1\r\nHost: t\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
      "431",
      /larger than the 16384 bytes/,
    ],
  ])(
    "answers %s with a status and a reason in the body, then closes",
    async (_, bytes, status, reason) => {
      const { status: line, body } = await answer(bytes);
      expect(line).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(body).toMatch(reason);
    },
  );

  it("answers an HTTP/1.0 request without Host, as HTTP/1.0 allows", async () => {
    const { status, body } = await answer("GET /delay/0 HTTP/1.0\r\n\r\n");
    expect(status).toMatch(/^HTTP\/1\.1 200 /);
    expect(body).toBe("waited 0 ms\n");
  });

  it("answers a client that ends the connection mid-request with the reason", async () => {
    wire = await Wire.open(ctx.server.port);
    wire.send("GET /delay/0 HTTP/1.1\r\nHost: t\r\n");
    wire.socket.end();
    const response = await wire.response();
    expect(response.status).toBe(400);
    expect(response.body).toMatch(
      /ended the connection in the middle of a request/,
    );
  });

  it("finishes the response in flight before answering garbage sent after it", async () => {
    wire = await Wire.open(ctx.server.port);
    wire.send(
      "GET /delay/100 HTTP/1.1\r\nHost: t\r\n\r\nGARBAGE\r\n\r\nMORE\r\n",
    );
    const first = await wire.response();
    expect(first.body).toBe("waited 100 ms\n");
    const second = await wire.response();
    expect(second.status).toBe(400);
    expect(second.headers.connection).toBe("close");
    await wire.closedByServer();
    expect(ctx.server.stats().requests.map((r) => r.outcome)).toEqual(["ok"]);
  });

  it("keeps serving everyone else while it turns the bad ones away", async () => {
    await Promise.all(Array.from({ length: 20 }, () => answer("NOPE\r\n\r\n")));
    const response = await fetch(`${ctx.server.url}/delay/0`);
    expect(await response.text()).toBe("waited 0 ms\n");
  });
});
