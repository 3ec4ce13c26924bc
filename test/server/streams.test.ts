import { request, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { rawExchange } from "./raw-http.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();

function alphabet(length: number): string {
  return "abcdefghijklmnopqrstuvwxyz"
    .repeat(Math.ceil(length / 26))
    .slice(0, length);
}

describe("/bytes/:n", () => {
  it("streams n bytes of the repeating alphabet with a Content-Length", async () => {
    const response = await fetch(`${ctx.server.url}/bytes/100000?chunk=777`);
    expect(response.headers.get("content-length")).toBe("100000");
    expect(await response.text()).toBe(alphabet(100_000));
  });

  it("waits for a paused reader instead of finishing, then delivers every byte", async () => {
    const size = 32 * 1024 * 1024;
    const { response, done } = await new Promise<{
      response: IncomingMessage;
      done: Promise<{ length: number; tail: string }>;
    }>((resolve, reject) => {
      const req = request(`${ctx.server.url}/bytes/${size}`, (res) => {
        res.pause();
        const done = new Promise<{ length: number; tail: string }>((finish) => {
          let length = 0;
          let tail = "";
          res.on("data", (chunk: Buffer) => {
            length += chunk.length;
            tail = (tail + chunk.toString("latin1")).slice(-26);
          });
          res.on("end", () => finish({ length, tail }));
        });
        resolve({ response: res, done });
      });
      req.on("error", reject);
      req.end();
    });
    // The socket buffers fill long before 32 MiB: the server must be parked
    // on 'drain' with the response still in flight.
    const parked = await waitFor(
      "the response to be started and unfinished",
      () => ctx.server.stats().requests[0],
      (r) => r?.firstByteAt != null,
    );
    expect(parked?.finishedAt).toBeNull();
    response.resume();
    const { length, tail } = await done;
    expect(length).toBe(size);
    // The content continues the alphabet from byte 0 all the way through.
    expect(tail).toBe(alphabet(size).slice(-26));
  });
});

describe("/drip", () => {
  it("sends its chunks spread over chunks x interval, the first long before the last", async () => {
    const started = performance.now();
    const response = await fetch(
      `${ctx.server.url}/drip?chunks=5&interval=60&size=3`,
    );
    const reader = response.body!.getReader();
    let text = "";
    let firstAt: number | undefined;
    for (
      let read = await reader.read();
      !read.done;
      read = await reader.read()
    ) {
      firstAt ??= performance.now() - started;
      text += new TextDecoder().decode(read.value);
    }
    const total = performance.now() - started;
    expect(text).toBe(alphabet(15));
    expect(
      total,
      `5 x 60 ms took ${total.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(280);
    expect(total, `5 x 60 ms took ${total.toFixed(0)} ms`).toBeLessThan(1500);
    expect(
      firstAt!,
      `first chunk at ${firstAt!.toFixed(0)} of ${total.toFixed(0)} ms`,
    ).toBeLessThan(total * 0.6);
  });
});

describe("/chunked", () => {
  it("frames each part as its own chunk on the wire", async () => {
    const { text } = await rawExchange(
      ctx.server.port,
      "GET /chunked?parts=3&size=4 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    const [head, body] = splitHead(text);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.toLowerCase()).toContain("transfer-encoding: chunked");
    expect(body).toBe("4\r\naaaa\r\n4\r\nbbbb\r\n4\r\ncccc\r\n0\r\n\r\n");
  });
});

function splitHead(text: string): [string, string] {
  const end = text.indexOf("\r\n\r\n");
  return [text.slice(0, end), text.slice(end + 4)];
}
