import net from "node:net";
import { promisify } from "node:util";
import { describe, expect, it, onTestFinished } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { findClosedPort } from "./closed-port.ts";
import { httpGet } from "./http-get.ts";
import type { HttpResponse } from "./http-get.ts";
import { afterLoopTurn, firstCallback } from "./test-support.ts";

const ctx = useServer();

const get = (url: string, signal?: AbortSignal) =>
  firstCallback<HttpResponse>((callback) =>
    httpGet(url, signal ? { signal } : {}, callback),
  );

/**
 * A server of our own on a free port that answers every request by writing
 * `pieces` one at a time, each only once the last has gone to the kernel.
 */
async function awkwardServer(pieces: string[]): Promise<string> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.once("data", () => {
      const writeFrom = (index: number): void => {
        const piece = pieces[index];
        if (piece === undefined) socket.end();
        else socket.write(piece, () => writeFrom(index + 1));
      };
      writeFrom(0);
    });
  });
  onTestFinished(() => promisify(server.close.bind(server))());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return `http://127.0.0.1:${port}/`;
}

describe("httpGet against the bundled server", () => {
  it("reads the status, headers and body of /bar", async () => {
    const { err, value } = await get(`${ctx.server.url}/bar`);
    expect(err).toBeNull();
    expect(value?.status).toBe(200);
    expect(value?.reason).toBe("OK");
    expect(value?.headers).toContainEqual(["content-length", "3"]);
    expect(value?.body.toString()).toBe("bar");
    const [request] = ctx.server.stats().requests;
    expect(request).toMatchObject({ method: "GET", path: "/bar", status: 200 });
  });

  it("joins the chunks of a Transfer-Encoding: chunked body", async () => {
    const { value } = await get(`${ctx.server.url}/chunked?parts=5&size=3`);
    expect(value?.headers).toContainEqual(["transfer-encoding", "chunked"]);
    expect(value?.body.toString()).toBe("aaabbbcccdddeee");
  });

  it("fails with the short body when the server closes early", async () => {
    const { err } = await get(`${ctx.server.url}/fault/close-early`);
    expect(err?.message).toBe(
      "connection closed early: body has 10 of 100 bytes (Content-Length: 100)",
    );
  });

  it("fails with ECONNRESET when the server resets the connection", async () => {
    const { err } = await get(`${ctx.server.url}/fault/reset`);
    expect(err).toMatchObject({ code: "ECONNRESET" });
  });

  it("rejects a malformed status line: the echo server sends our request back", async () => {
    const { host, echoPort } = ctx.server;
    const { err } = await get(`http://${host}:${echoPort}/`);
    expect(err?.message).toBe('malformed status line: "GET / HTTP/1.1"');
  });

  it("closes the connection and calls back with the reason on abort", async () => {
    const { err } = await get(
      `${ctx.server.url}/fault/hang`,
      AbortSignal.timeout(100),
    );
    expect(err?.name).toBe("TimeoutError");
    // The hanging request ends on the server only because we closed it;
    // the afterEach check fails if it is still in flight.
  });
});

describe("httpGet against servers of our own", () => {
  it("parses a response written in awkward pieces", async () => {
    const url = await awkwardServer([
      "HTTP/1.1 2",
      "00 OK\r",
      "\nTransfer-Encoding: chun",
      "ked\r\n\r",
      "\n5",
      ";x=1\r",
      "\nhel",
      "lo\r\n0\r\n",
      "\r\n",
    ]);
    const { err, value } = await get(url);
    expect(err).toBeNull();
    expect(value?.body.toString()).toBe("hello");
  });

  it("fails with a cut-off chunked body when the server closes mid-chunk", async () => {
    const url = await awkwardServer([
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
      "5\r\nhel",
    ]);
    const { err } = await get(url);
    expect(err?.message).toBe(
      "connection closed early: chunked body cut off after 3 bytes",
    );
  });

  it("fails with ECONNREFUSED when nothing listens on the port", async () => {
    const port = await promisify(findClosedPort)();
    const { err } = await get(`http://127.0.0.1:${port}/`);
    expect(err).toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("httpGet's callback", () => {
  const outcomes = {
    "a full response": "/bar",
    "a short body": "/fault/close-early",
    "a reset": "/fault/reset",
  };
  for (const [what, path] of Object.entries(outcomes)) {
    it(`runs exactly once, after httpGet returned, on ${what}`, async () => {
      const outcome = await get(`${ctx.server.url}${path}`);
      expect(outcome.returnedFirst).toBe(true);
      await afterLoopTurn();
      expect(outcome.calls()).toBe(1);
    });
  }

  it("runs exactly once, after httpGet returned, when aborted before it starts", async () => {
    const outcome = await get(`${ctx.server.url}/bar`, AbortSignal.abort());
    expect(outcome.err?.name).toBe("AbortError");
    expect(outcome.returnedFirst).toBe(true);
    await afterLoopTurn();
    expect(outcome.calls()).toBe(1);
  });
});
