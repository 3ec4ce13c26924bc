import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();

function connectEcho(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(ctx.server.echoPort, ctx.server.host, () =>
      resolve(socket),
    );
    socket.once("error", reject);
  });
}

/** Write `payload`, end our side, and collect everything echoed back. */
function roundTrip(socket: Socket, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.once("end", () => resolve(Buffer.concat(chunks)));
    socket.once("error", reject);
    socket.end(payload);
  });
}

describe("the TCP echo server", () => {
  it("sends every byte back, and counts the connection while it is open", async () => {
    const socket = await connectEcho();
    await waitFor(
      "the echo connection to count",
      () => ctx.server.stats().openEchoConnections,
      (n) => n === 1,
    );
    expect(await roundTrip(socket, Buffer.from("hello\n"))).toEqual(
      Buffer.from("hello\n"),
    );
    await waitFor(
      "the echo connection to close",
      () => ctx.server.stats().openEchoConnections,
      (n) => n === 0,
    );
  });

  it("echoes a payload much larger than the socket buffers intact", async () => {
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = i % 251;
    const echoed = await roundTrip(await connectEcho(), payload);
    expect(echoed.length).toBe(payload.length);
    expect(echoed.equals(payload)).toBe(true);
  });

  it("shares the stats with the HTTP server without counting as HTTP", async () => {
    const socket = await connectEcho();
    await waitFor(
      "the echo connection to count",
      () => ctx.server.stats().openEchoConnections,
      (n) => n === 1,
    );
    expect(ctx.server.stats()).toMatchObject({
      openConnections: 0,
      totalConnections: 0,
    });
    await roundTrip(socket, Buffer.from("x"));
  });
});
