import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hasAiohttp,
  PYTHON,
  runLoadgenChild,
  runPythonOriginal,
} from "./python-original.ts";
import { startServerProcess, type ServerProcess } from "./server-process.ts";

const aiohttp = await hasAiohttp();
if (!aiohttp) {
  console.warn(
    `skipped: ${PYTHON} cannot import aiohttp (apt install python3-aiohttp)`,
  );
}

let server: ServerProcess | undefined;
beforeAll(async () => {
  server = await startServerProcess(1);
});
afterAll(async () => {
  await server?.close();
});

describe("the asyncio original and the load generator, as commands", () => {
  it.runIf(aiohttp)(
    `million.py sends every request over at most its semaphore's connections (needs aiohttp for ${PYTHON})`,
    async () => {
      await server!.reset();
      const report = await runPythonOriginal(`${server!.url}/delay/0`, 300, 20);
      const [counts] = await server!.counts();
      expect(report).toMatchObject({ requests: 300, errors: 0 });
      expect(counts?.requests).toBe(300);
      expect(counts?.connections).toBeLessThanOrEqual(20);
    },
  );

  it.runIf(aiohttp)(
    `the original's session per request opens a connection per request (needs aiohttp for ${PYTHON})`,
    async () => {
      await server!.reset();
      const report = await runPythonOriginal(
        `${server!.url}/delay/0`,
        100,
        20,
        true,
      );
      const [counts] = await server!.counts();
      expect(report).toMatchObject({ requests: 100, errors: 0 });
      expect(counts?.connections).toBe(100);
    },
  );

  it("npm run loadgen reports the same figures as JSON, with its memory and CPU", async () => {
    await server!.reset();
    const report = await runLoadgenChild(`${server!.url}/delay/0`, 300, 20);
    const [counts] = await server!.counts();
    expect(report).toMatchObject({ requests: 300, errors: 0 });
    expect(report.maxRssMb).toBeGreaterThan(0);
    expect(report.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(counts).toMatchObject({ requests: 300, connections: 20 });
  });
});
