// Out of file descriptors: the server in a child whose limit is 64 (set by
// `ulimit -n` in sh, which lowers the hard limit too: Node raises its soft
// limit to the hard one at start-up). Holding more connections than it can
// open, it must say so once on stderr, stay up, and serve again as soon as
// descriptors free.
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startChild, type ChildServer } from "./child.ts";
import { connected } from "./clients.ts";
import { waitFor } from "./wait-for.ts";

const LIMIT = 64;
const HELD = 100;
const OUT = /Out of file descriptors \(EMFILE\)/g;
const FREE = /File descriptors are free again/g;

let child: ChildServer | undefined;
let held: Socket[] = [];
afterEach(async () => {
  for (const socket of held) socket.destroy();
  held = [];
  await child?.stop();
  child = undefined;
});

/** Open `count` connections and keep them; some the server will close. */
async function hold(port: number, count: number): Promise<void> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => connected(port)),
  );
  for (const socket of sockets) socket.on("error", () => {});
  held.push(...sockets);
}

function count(pattern: RegExp, text: string): number {
  return [...text.matchAll(pattern)].length;
}

describe("out of file descriptors", () => {
  it("says so once on stderr, keeps running, and serves again once descriptors free", async () => {
    child = await startChild({ fileLimit: LIMIT });
    const server = child;
    await hold(server.port, HELD);
    await waitFor(
      "the server to report it is out of file descriptors",
      () => server.stderr(),
      (text) => count(OUT, text) > 0,
      5000,
    );
    // More connections while it is still out: no second message.
    await hold(server.echoPort, 20);
    await waitFor(
      "the server to notice those too (its probe runs every 250 ms)",
      () => held.filter((socket) => socket.closed).length,
      (gone) => gone > 0,
      5000,
    );
    expect(count(OUT, server.stderr()), server.stderr()).toBe(1);
    expect(server.exited()).toBeUndefined();

    for (const socket of held) socket.destroy();
    held = [];
    await waitFor(
      "the server to say descriptors are free again",
      () => server.stderr(),
      (text) => count(FREE, text) === 1,
      5000,
    );
    const response = await fetch(`${server.url}/delay/0`);
    expect(await response.text()).toBe("waited 0 ms\n");
    expect(server.stderr()).toMatch(/ulimit -n/);
    expect(server.exited()).toBeUndefined();
  }, 20_000);
});
