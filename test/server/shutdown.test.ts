import { Agent, get } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startServer } from "../../src/server/index.ts";
import { waitFor } from "./wait-for.ts";

describe("close()", () => {
  it("closes idle keep-alive, busy and echo connections promptly, and the clients see it", async () => {
    const server = await startServer();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // An idle keep-alive connection: one finished request, socket kept.
      let idleClosed: Promise<void> | undefined;
      await new Promise<void>((resolve, reject) => {
        get(`${server.url}/delay/0`, { agent }, (res) => {
          // Taken now: once the body ends, the agent takes the socket back.
          const socket = res.socket;
          idleClosed = new Promise((closed) =>
            socket.once("close", () => closed()),
          );
          res.resume().on("end", resolve);
        }).on("error", reject);
      });
      // A busy connection of its own: a request the server never answers.
      const hung = new Promise<string>((resolve) => {
        get(`${server.url}/fault/hang`, { agent: false }, () =>
          resolve("answered"),
        ).on("error", (e) =>
          resolve((e as NodeJS.ErrnoException).code ?? e.message),
        );
      });
      const echo = connect(server.echoPort, server.host);
      const echoClosed = new Promise<void>((resolve) =>
        echo.once("close", () => resolve()),
      );
      echo.on("error", () => {});
      await waitFor(
        "the hang in flight beside an idle connection and an echo connection",
        () => server.stats(),
        (s) =>
          s.openConnections === 2 &&
          s.requests[1]?.path === "/fault/hang" &&
          s.inFlight === 1 &&
          s.openEchoConnections === 1,
      );

      const started = performance.now();
      await server.close();
      const elapsed = performance.now() - started;

      expect(elapsed, `close() took ${elapsed.toFixed(0)} ms`).toBeLessThan(
        500,
      );
      expect(await hung).toBe("ECONNRESET");
      await idleClosed;
      await echoClosed;
      expect(server.stats()).toMatchObject({
        openConnections: 0,
        openEchoConnections: 0,
        inFlight: 0,
      });
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it("can be called twice", async () => {
    const server = await startServer();
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });

  it("frees the HTTP port when the echo port is taken, and says which port", async () => {
    const first = await startServer();
    try {
      const failure = await startServer({ echoPort: first.echoPort }).catch(
        (e: unknown) => e,
      );
      expect(failure).toMatchObject({
        name: "PortInUseError",
        service: "echo",
        port: first.echoPort,
        message: `port ${first.echoPort} (echo) is already in use`,
      });
    } finally {
      await first.close();
    }
  });
});
