import net from "node:net";
import { promisify } from "node:util";
import { describe, expect, it, onTestFinished } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import type { HttpResponse } from "./http-get.ts";
import { getOverOneConnection } from "./keep-alive.ts";
import { firstCallback } from "./test-support.ts";

const ctx = useServer();

const overOne = (baseUrl: string, paths: string[]) =>
  firstCallback<HttpResponse[]>((callback) =>
    getOverOneConnection(baseUrl, paths, callback),
  );

/**
 * A server of our own that answers the first request with `reply`, and
 * then closes the connection if `close` says so.
 */
async function ownServer(reply: string, close = false): Promise<string> {
  const server = net.createServer((socket) => {
    socket.once("data", () =>
      close ? socket.end(reply) : socket.write(reply),
    );
    socket.on("error", () => socket.destroy());
  });
  onTestFinished(() => promisify(server.close.bind(server))());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return `http://127.0.0.1:${port}`;
}

const header = (response: HttpResponse | undefined, name: string) =>
  response?.headers.find(([key]) => key === name)?.[1];

describe("getOverOneConnection", () => {
  it("carries two requests over one connection: the server saw one connection for both", async () => {
    const { err, value } = await overOne(ctx.server.url, ["/bar", "/foo"]);
    expect(err).toBeNull();
    expect(value?.map((r) => r.body.toString())).toEqual(["bar", "foo"]);
    // Each response was framed by its length, not by the connection closing.
    expect(value?.map((r) => header(r, "content-length"))).toEqual(["3", "3"]);
    expect(header(value?.[0], "connection")).toBe("keep-alive");
    expect(header(value?.[1], "connection")).toBe("close");

    const stats = ctx.server.stats();
    expect(stats.totalConnections).toBe(1);
    expect(stats.totalRequests).toBe(2);
    const [bar, foo] = stats.requests;
    expect(bar).toMatchObject({ path: "/bar", outcome: "ok" });
    expect(foo).toMatchObject({ path: "/foo", outcome: "ok" });
    expect(foo?.connectionId).toBe(bar?.connectionId);
    // One connection carries one request at a time: /foo was sent only
    // once the whole answer to /bar had arrived.
    expect(foo?.arrivedAt).toBeGreaterThanOrEqual(bar?.finishedAt ?? Infinity);
  });

  it("calls back with an empty list for no paths, after it has returned", async () => {
    const outcome = await overOne(ctx.server.url, []);
    expect(outcome).toMatchObject({
      err: null,
      value: [],
      returnedFirst: true,
    });
    expect(ctx.server.stats().totalConnections).toBe(0);
  });

  it("reads a second response that came in the same piece as the first", async () => {
    const response = (body: string) =>
      `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const url = await ownServer(response("one") + response("two"));
    const { err, value } = await overOne(url, ["/a", "/b"]);
    expect(err).toBeNull();
    expect(value?.map((r) => r.body.toString())).toEqual(["one", "two"]);
  });

  it("fails, once, when the server closes after the first response", async () => {
    const url = await ownServer(
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
      true,
    );
    const { err, calls } = await overOne(url, ["/a", "/b"]);
    expect(err?.message).toBe(
      "the server closed the connection after 1 of 2 responses",
    );
    expect(calls()).toBe(1);
  });
});
