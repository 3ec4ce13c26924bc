// The asyncio originals, run with python3 against this lesson's code: the
// tutorial's client, unchanged, against our server; our clients against the
// tutorial's server. And TCP_NODELAY read straight off the sockets, Node's
// and asyncio's, with `getsockopt` (Node has no call to read it).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { request, createServer as createHttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { connectTo, echo, echoOnce } from "./echo-client.ts";
import { startEchoServer } from "./echo-server.ts";
import { startTcpServer } from "./tcp-server.ts";

const PYTHON = "python3";
const hasPython = spawnSync(PYTHON, ["--version"]).status === 0;
const SKIP = hasPython ? "" : " (skipped: python3 is not on PATH)";
const ASYNCIO = join(import.meta.dirname, "asyncio");

/** Runs a python3 program to its end; its output and exit code. */
async function runPython(
  args: string[],
  stdio: (Socket | "ignore" | "pipe")[] = ["ignore", "pipe", "pipe"],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(PYTHON, ["-u", ...args], { stdio });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, out, err };
}

const children: { kill(): void }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** The tutorial's server on a free port; resolves once it listens. */
async function startPythonServer() {
  const child = spawn(PYTHON, ["-u", join(ASYNCIO, "echo_server.py"), "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const log: string[] = [];
  let port = 0;
  for await (const line of lines) {
    const serving = /^Serving on 127\.0\.0\.1:(\d+)$/.exec(line);
    if (serving) {
      port = Number(serving[1]);
      break;
    }
  }
  lines.on("line", (line) => log.push(line));
  return { host: "127.0.0.1", port, log };
}

describe.skipIf(!hasPython)("the asyncio originals", () => {
  it(`the tutorial's client, unchanged, talks to our echo server${SKIP}`, async () => {
    const server = await startEchoServer();
    try {
      const run = await runPython([
        join(ASYNCIO, "echo_client.py"),
        String(server.port),
      ]);
      expect(run.err).toBe("");
      expect(run.code).toBe(0);
      expect(run.out.trim().split("\n")).toEqual([
        "Send: 'Hello World!'",
        "Received: 'Hello World!'",
        "Close the connection",
      ]);
      expect(server.stats()).toMatchObject({ total: 1, bytes: 12 });
    } finally {
      await server.close(100);
    }
  });

  it(`our clients talk to the tutorial's server${SKIP}`, async () => {
    const server = await startPythonServer();
    expect(await echoOnce(server.host, server.port, "Hello World!")).toBe(
      "Hello World!",
    );
    const whole = await echo(server.host, server.port, "from Node");
    expect(whole.toString()).toBe("from Node");
    await expect
      .poll(() => server.log.filter((l) => l.startsWith("Received")))
      .toEqual([
        expect.stringMatching(/^Received 'Hello World!' from \('127\.0\.0\.1'/),
        expect.stringMatching(/^Received 'from Node' from/),
      ]);
  });
});

const READ_NODELAY =
  "import socket; s = socket.socket(fileno=3); " +
  "print(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)); s.detach()";

/** TCP_NODELAY of a Node socket, read by python3 from a copy of its fd. */
async function noDelayOf(socket: Socket): Promise<string> {
  const run = await runPython(
    ["-c", READ_NODELAY],
    ["ignore", "pipe", "pipe", socket],
  );
  expect(run.err).toBe("");
  return run.out.trim() === "0" ? "off" : "on";
}

const ASYNCIO_NODELAY = `
import asyncio, socket
def nodelay(writer):
    s = writer.get_extra_info("socket")
    return "on" if s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) else "off"
async def main():
    done = asyncio.Event()
    async def handle(reader, writer):
        print("asyncio server socket:", nodelay(writer))
        writer.close()
        done.set()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    print("asyncio client socket:", nodelay(writer))
    await done.wait()
    writer.close()
    server.close()
asyncio.run(main())
`;

describe.skipIf(!hasPython)("TCP_NODELAY, read off the sockets", () => {
  it(`node:net leaves Nagle on until setNoDelay() turns it off${SKIP}`, async () => {
    const server = await startTcpServer(() => {});
    const socket = await connectTo(server.host, server.port);
    try {
      expect(await noDelayOf(socket)).toBe("off");
      socket.setNoDelay(true);
      expect(await noDelayOf(socket)).toBe("on");
      socket.setNoDelay(false);
      expect(await noDelayOf(socket)).toBe("off");
    } finally {
      socket.destroy();
      await server.close();
    }
  });

  it(`node:http turns Nagle off on both ends${SKIP}`, async () => {
    const seen: Promise<string>[] = [];
    const server = createHttpServer((req, res) => {
      seen.push(noDelayOf(req.socket));
      res.end("ok");
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as AddressInfo;
    try {
      const client = await new Promise<string>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, agent: false });
        req.on("socket", (socket: Socket) =>
          socket.once("connect", () => resolve(noDelayOf(socket))),
        );
        req.on("error", reject);
        req.on("response", (res) => res.resume());
        req.end();
      });
      expect(client).toBe("on");
      await expect.poll(() => seen.length).toBe(1);
      expect(await seen[0]).toBe("on");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it(`asyncio turns Nagle off on both ends, as the tutorial says${SKIP}`, async () => {
    const run = await runPython(["-c", ASYNCIO_NODELAY]);
    expect(run.err).toBe("");
    expect(run.out.trim().split("\n").sort()).toEqual([
      "asyncio client socket: on",
      "asyncio server socket: on",
    ]);
  });
});
