// `npm start` stops every child on SIGINT, SIGTERM and SIGHUP, and when npm
// is gone: src/cli/children.ts, run by a fixture that starts real children
// on free ports.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const FIXTURE = new URL("./fixtures/stop-children.ts", import.meta.url)
  .pathname;

interface Started {
  process: ChildProcess;
  ports: number[];
}

async function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const [line] = (await once(createInterface(child.stdout), "line")) as [
    string,
  ];
  return { process: child, ports: JSON.parse(line) as number[] };
}

/** Whether nothing listens on `port` any more. */
function closed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

async function allClosed(ports: number[]): Promise<boolean[]> {
  return Promise.all(ports.map(closed));
}

describe("stopping npm start's children", () => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`on ${signal}, stops every child, waits for them, and exits with 0`, async () => {
      const started = await start(process.execPath, [
        FIXTURE,
        "prompt",
        "slow",
      ]);
      expect(await allClosed(started.ports)).toEqual([false, false]);
      const exited = once(started.process, "exit");
      started.process.kill(signal);
      const [code, killedBy] = (await exited) as [number | null, string | null];
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
      // The slow child closes 300 ms after its SIGTERM: had the parent not
      // waited for it, its port would still be open now.
      expect(await allClosed(started.ports)).toEqual([true, true]);
    });
  }

  it("kills a child that ignores SIGTERM once the grace period is over", async () => {
    const started = await start(
      process.execPath,
      [FIXTURE, "stubborn", "prompt"],
      { GRACE_MS: "500" },
    );
    const exited = once(started.process, "exit");
    const sent = performance.now();
    started.process.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    const tookMs = performance.now() - sent;
    expect(code).toBe(0);
    expect(tookMs, `stopped after ${tookMs.toFixed(0)} ms`).toBeGreaterThan(
      450,
    );
    expect(tookMs, `stopped after ${tookMs.toFixed(0)} ms`).toBeLessThan(4500);
    expect(await allClosed(started.ports)).toEqual([true, true]);
  });

  it("stops the children when SIGTERM reaches only the shell npm runs it in", async () => {
    // npm runs a script with `sh -c` and forwards SIGTERM to that shell
    // alone; Debian's sh dies of it without passing it on.
    const started = await start("sh", [
      "-c",
      `"${process.execPath}" "${FIXTURE}" prompt slow`,
    ]);
    started.process.kill("SIGTERM");
    await once(started.process, "exit");
    await expect
      .poll(() => allClosed(started.ports), { timeout: 5000 })
      .toEqual([true, true]);
  });
});
