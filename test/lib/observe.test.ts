import { describe, expect, it } from "vitest";
import { barrierPath, observe } from "../../src/lib/observe.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

async function getText(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  return response.text();
}

describe("observe", () => {
  it("returns the value and the server's log of that run only", async () => {
    await getText(`${ctx.server.url}/delay/0`, AbortSignal.timeout(2000));
    const seen = await observe(ctx.client, 2000, (signal) =>
      Promise.all([
        getText(`${ctx.server.url}/delay/50`, signal),
        getText(`${ctx.server.url}/delay/60`, signal),
      ]),
    );
    expect(seen.value).toEqual(["waited 50 ms\n", "waited 60 ms\n"]);
    expect(seen.error).toBeNull();
    expect(seen.peak).toBe(2);
    expect(seen.requests.map((r) => r.path)).toEqual([
      "/delay/50",
      "/delay/60",
    ]);
    expect(seen.ms, `measured ${seen.ms} ms`).toBeGreaterThanOrEqual(55);
  });

  it("turns a thrown error into words instead of throwing", async () => {
    const seen = await observe(ctx.client, 2000, () =>
      Promise.reject(new Error("TODO: not written yet")),
    );
    expect(seen.value).toBeNull();
    expect(seen.error).toBe("Error: TODO: not written yet");
  });

  it("aborts code that runs past the deadline and says so", async () => {
    const seen = await observe(ctx.client, 100, (signal) =>
      getText(`${ctx.server.url}/delay/5000`, signal),
    );
    expect(seen.error).toBe("it had not finished after 100 ms");
    expect(seen.ms, `measured ${seen.ms} ms`).toBeLessThan(2000);
  });
});

describe("observe with code that ignores its signal", () => {
  it("still gives a verdict at the deadline", async () => {
    const seen = await observe(ctx.client, 100, () => new Promise(() => {}));
    expect(seen.error).toBe("it had not finished after 100 ms");
    expect(seen.ms, `measured ${seen.ms} ms`).toBeLessThan(2000);
  });
});

describe("barrierPath", () => {
  it("gives each call a key of its own", () => {
    const first = barrierPath(3, 500);
    expect(first).toMatch(/^\/barrier\/3\?key=[0-9a-f]{8}&timeout=500$/);
    expect(barrierPath(3, 500)).not.toBe(first);
  });
});
