// The write-write-read stall, measured: ratios and ranges, with the figures
// in the messages. The stall is the kernel's delayed-ACK timer (40 ms at
// least on Linux), so it is long even on a busy machine, and the rounds
// without it are short even there.
import { execFileSync, spawnSync } from "node:child_process";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTo } from "./echo-client.ts";
import { encodeFrame, readFrames } from "./framing.ts";
import { median, startFrameServer, timeRounds } from "./nagle.ts";
import type { TcpServer } from "./tcp-server.ts";

let server: TcpServer;
beforeAll(async () => {
  server = await startFrameServer();
});
afterAll(async () => {
  await server.close();
});

const ROUNDS = 12;
const shown = (times: number[]) => times.map((t) => t.toFixed(1)).join(", ");

describe("the write-write-read stall", () => {
  it("holds each round for the delayed ACK with Nagle on (Node's default)", async () => {
    const times = await timeRounds(server, { rounds: ROUNDS });
    const typical = median(times);
    expect(typical, `rounds (ms): ${shown(times)}`).toBeGreaterThanOrEqual(30);
    expect(typical, `rounds (ms): ${shown(times)}`).toBeLessThan(250);
  });

  it("goes away with setNoDelay(true)", async () => {
    const nagle = median(await timeRounds(server, { rounds: ROUNDS }));
    const times = await timeRounds(server, { noDelay: true, rounds: ROUNDS });
    const typical = median(times);
    expect(
      typical,
      `no delay (ms): ${shown(times)}; Nagle on: median ${nagle.toFixed(1)} ms`,
    ).toBeLessThan(nagle / 5);
  });

  it("goes away with Nagle on when the message is written in one piece", async () => {
    const nagle = median(await timeRounds(server, { rounds: ROUNDS }));
    const times = await timeRounds(server, { oneWrite: true, rounds: ROUNDS });
    expect(
      median(times),
      `one write (ms): ${shown(times)}; two writes: ${nagle.toFixed(1)} ms`,
    ).toBeLessThan(nagle / 5);
  });

  it("goes away with Nagle on when the two writes are corked", async () => {
    const nagle = median(await timeRounds(server, { rounds: ROUNDS }));
    const times = await timeRounds(server, { cork: true, rounds: ROUNDS });
    expect(
      median(times),
      `corked (ms): ${shown(times)}; two writes: ${nagle.toFixed(1)} ms`,
    ).toBeLessThan(nagle / 5);
  });

  it("comes back with setNoDelay(false)", async () => {
    const fast = median(
      await timeRounds(server, { noDelay: true, rounds: ROUNDS }),
    );
    const times = await timeRounds(server, { noDelay: false, rounds: ROUNDS });
    expect(
      median(times),
      `setNoDelay(false) (ms): ${shown(times)}; no delay: ${fast.toFixed(2)} ms`,
    ).toBeGreaterThan(Math.max(fast * 5, 30));
  });
});

// `ss` (iproute2) reads the kernel's count of segments a socket has sent.
const hasSs = spawnSync("ss", ["-V"]).status === 0;

/** The segments `socket` has sent, from `ss -tin`. Both ports are named:
 * another socket of this machine may have the same local port (to another
 * peer, or closing), and its counter would not move. */
function segmentsSent(socket: Socket): number {
  const filter = `sport = :${socket.localPort} and dport = :${socket.remotePort}`;
  const out = execFileSync("ss", ["-tin", "state", "established", filter]);
  return Number(/segs_out:(\d+)/.exec(out.toString())?.[1]);
}

/** Segments sent per round of header and body, written as `send` says. */
async function segmentsPerRound(
  send: (socket: Socket, frame: Buffer) => void,
  noDelay = false,
): Promise<number> {
  const socket = await connectTo(server.host, server.port);
  socket.setNoDelay(noDelay);
  const answers = readFrames(socket);
  try {
    const before = segmentsSent(socket);
    for (let round = 1; round <= ROUNDS; round++) {
      send(socket, encodeFrame(Buffer.from(`request ${round}`)));
      await answers.next();
    }
    return (segmentsSent(socket) - before) / ROUNDS;
  } finally {
    await answers.return(undefined);
    socket.destroy();
  }
}

describe.skipIf(!hasSs)("the packets of a round (counted by ss)", () => {
  it("are two with setNoDelay and two writes, one when the writes are corked", async () => {
    const twoWrites = await segmentsPerRound((socket, frame) => {
      socket.write(frame.subarray(0, 4));
      socket.write(frame.subarray(4));
    }, true);
    const corked = await segmentsPerRound((socket, frame) => {
      socket.cork();
      socket.write(frame.subarray(0, 4));
      socket.write(frame.subarray(4));
      socket.uncork();
    });
    const figures = `segments a round: ${twoWrites} with setNoDelay, ${corked} corked`;
    expect(twoWrites, figures).toBeGreaterThanOrEqual(1.8);
    expect(corked, figures).toBeLessThanOrEqual(1.2);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
