import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

describe("/echo, streamed", () => {
  it("gives back a large body of emoji, quotes and control characters intact", async () => {
    // Emoji are surrogate pairs: some straddle the 16 K pieces it escapes
    // the body in.
    const body = `"\u0001\\é${"😀".repeat(20_000)}\n`.repeat(3);
    const response = await fetch(`${ctx.server.url}/echo`, {
      method: "POST",
      body,
    });
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const echoed = (await response.json()) as { body: string; method: string };
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe(body);
  });
});
