// The write-write-read stall, measured: ratios and ranges, with the figures
// in the messages. The stall is the kernel's delayed-ACK timer (40 ms at
// least on Linux), so it is long even on a busy machine, and the rounds
// without it are short even there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
