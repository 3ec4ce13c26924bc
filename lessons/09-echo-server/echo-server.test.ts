import { once } from "node:events";
import { createConnection, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectTo, echo, echoMany, echoOnce } from "./echo-client.ts";
import { startEchoServer, type EchoServer } from "./echo-server.ts";

const servers: EchoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close(100)));
});

async function start(options = {}): Promise<EchoServer> {
  const server = await startEchoServer(options);
  servers.push(server);
  return server;
}

/** Resolves with "end" or "close", whichever the socket sees first. */
function endOrClose(socket: Socket): Promise<string> {
  return Promise.race([
    once(socket, "end").then(() => "end"),
    once(socket, "close").then(() => "close"),
  ]);
}

describe("the echo server", () => {
  it("sends every byte back, and its FIN after the client's", async () => {
    const server = await start();
    const bytes = Buffer.alloc(3 * 1024 * 1024, "abc");
    const echoed = await echo(server.host, server.port, bytes);
    expect(echoed.equals(bytes)).toBe(true);
    expect(server.stats()).toMatchObject({ total: 1, bytes: bytes.length });
  });

  it("answers the tutorial's one-read client", async () => {
    const server = await start();
    expect(await echoOnce(server.host, server.port, "Hello World!")).toBe(
      "Hello World!",
    );
  });

  it("holds many clients open at once, each getting its own echo", async () => {
    const server = await start();
    const echoes = await echoMany(server.host, server.port, 200);
    expect(echoes).toEqual(
      Array.from({ length: 200 }, (_, i) => `message ${i + 1}`),
    );
    expect(server.stats().peak).toBe(200);
  });

  it("tells its log of every connection that opens and closes", async () => {
    const events: string[] = [];
    const server = await start({
      onConnection: ({ kind, open, bytes }: Record<string, unknown>) =>
        events.push(`${String(kind)} ${String(open)} ${String(bytes)}`),
    });
    await echo(server.host, server.port, "hello");
    await expect.poll(() => events).toEqual(["open 1 0", "close 0 5"]);
  });

  it("drops connections beyond maxConnections and counts them", async () => {
    const server = await start({ maxConnections: 2 });
    const kept = [
      await connectTo(server.host, server.port),
      await connectTo(server.host, server.port),
    ];
    // Both are accepted once each has had an echo.
    await Promise.all(
      kept.map(async (socket) => {
        socket.write("x");
        await once(socket, "data");
      }),
    );
    const extra = createConnection(server.port, server.host);
    extra.on("error", () => {});
    expect(await endOrClose(extra)).toMatch(/end|close/);
    expect(server.stats()).toMatchObject({ open: 2, dropped: 1 });
    for (const socket of kept) socket.destroy();
  });

  it("ends a connection that stays silent past the idle timeout", async () => {
    const server = await start({ idleTimeoutMs: 100 });
    const socket = await connectTo(server.host, server.port);
    const started = performance.now();
    expect(await endOrClose(socket)).toBe("end");
    const ms = performance.now() - started;
    expect(ms, `ended after ${ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(90);
    socket.destroy();
  });

  it("survives a client that resets its connection", async () => {
    const server = await start();
    const socket = await connectTo(server.host, server.port);
    socket.write("about to go");
    socket.resetAndDestroy();
    await expect.poll(() => server.stats().open).toBe(0);
    expect(await echoOnce(server.host, server.port, "still here")).toBe(
      "still here",
    );
  });
});

describe("closing the echo server", () => {
  it("stops accepting, ends every connection, and reports them ended", async () => {
    const server = await startEchoServer();
    const clients = await Promise.all(
      [1, 2, 3].map(() => connectTo(server.host, server.port)),
    );
    await Promise.all(
      clients.map(async (socket) => {
        socket.write("hi");
        await once(socket, "data");
      }),
    );
    // Each client closes its side when the server's FIN comes.
    const ends = clients.map((socket) => endOrClose(socket));
    const closing = server.close(2000);
    await expect(connectTo(server.host, server.port)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    expect(await Promise.all(ends)).toEqual(["end", "end", "end"]);
    expect(await closing).toEqual({ ended: 3, destroyed: 0 });
  });

  it("sends what is already queued before its FIN", async () => {
    const server = await startEchoServer();
    const socket = await connectTo(server.host, server.port);
    const bytes = Buffer.alloc(256 * 1024, "q");
    // The whole payload has been read by the server (its stats say so),
    // but our side has not read the echo yet.
    socket.pause();
    socket.write(bytes);
    await expect.poll(() => server.stats().bytes).toBe(bytes.length);
    const closing = server.close(2000);
    socket.resume();
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(bytes.length);
    expect(await closing).toEqual({ ended: 1, destroyed: 0 });
  });

  it("destroys a client that does not close its side within the grace period", async () => {
    const server = await startEchoServer();
    // This client ignores the server's FIN: it never ends its own side.
    const stubborn = createConnection({
      host: server.host,
      port: server.port,
      allowHalfOpen: true,
    });
    await once(stubborn, "connect");
    stubborn.write("hi");
    await once(stubborn, "data");
    const started = performance.now();
    const report = await server.close(200);
    const ms = performance.now() - started;
    expect(report).toEqual({ ended: 0, destroyed: 1 });
    expect(ms, `closed after ${ms.toFixed(0)} ms`).toBeGreaterThanOrEqual(190);
    expect(ms, `closed after ${ms.toFixed(0)} ms`).toBeLessThan(2000);
    stubborn.destroy();
  });
});
