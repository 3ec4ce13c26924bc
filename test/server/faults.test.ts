import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";
import { rawExchange } from "./raw-http.ts";
import { waitFor } from "./wait-for.ts";

const ctx = useServer();

function onlyRecord() {
  const [record] = ctx.server.stats().requests;
  return record;
}

describe("fault modes, seen from a real client", () => {
  it("/fault/reset resets the connection: fetch fails with ECONNRESET", async () => {
    const failure = await fetch(`${ctx.server.url}/fault/reset`).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: "ECONNRESET" });
    expect(onlyRecord()).toMatchObject({
      outcome: "reset",
      status: 0,
      firstByteAt: null,
    });
  });

  it("/fault/close-early sends 10 of 100 promised bytes, then closes", async () => {
    const raw = await rawExchange(
      ctx.server.port,
      "GET /fault/close-early HTTP/1.1\r\nHost: t\r\n\r\n",
    );
    const [head, body] = raw.text.split("\r\n\r\n");
    expect(head?.toLowerCase()).toContain("content-length: 100");
    expect(body).toBe("0123456789");
    const response = await fetch(`${ctx.server.url}/fault/close-early`);
    await expect(response.text()).rejects.toThrow(/terminated/);
    expect(onlyRecord()).toMatchObject({ outcome: "reset", status: 200 });
  });

  it("/fault/hang never answers; the client's abort ends it", async () => {
    const controller = new AbortController();
    const pending = fetch(`${ctx.server.url}/fault/hang`, {
      signal: controller.signal,
    });
    await waitFor(
      "the hang to arrive",
      () => ctx.server.stats().inFlight,
      (n) => n === 1,
    );
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await waitFor(
      "the hang to end",
      () => onlyRecord()?.outcome,
      (o) => o === "aborted",
    );
  });

  it("/fault/slow-headers trickles header lines, then a body", async () => {
    const started = performance.now();
    const response = await fetch(
      `${ctx.server.url}/fault/slow-headers?ms=40&lines=3`,
    );
    const elapsed = performance.now() - started;
    expect(response.headers.get("x-slow-3")).toBe("3");
    expect(await response.text()).toBe("slow headers done\n");
    expect(
      elapsed,
      `3 lines x 40 ms took ${elapsed.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(115);
    expect(onlyRecord()).toMatchObject({ outcome: "ok", status: 200 });
  });

  it("/fault/slow-headers trips a client's headers timeout", async () => {
    const started = performance.now();
    const failure = await fetch(
      `${ctx.server.url}/fault/slow-headers?ms=200&lines=10`,
      {
        signal: AbortSignal.timeout(150),
      },
    ).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect((failure as Error).name).toBe("TimeoutError");
    expect(elapsed, `gave up after ${elapsed.toFixed(0)} ms`).toBeLessThan(
      1000,
    );
    await waitFor(
      "the server to see the client go",
      () => onlyRecord()?.outcome,
      (o) => o === "aborted",
    );
  });
});
