import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { rawGet } from "./raw-get.ts";
import { parsePieces } from "./test-support.ts";

const ctx = useServer();
const getRaw = promisify(rawGet);

describe("real responses from the bundled server, split anywhere", () => {
  const routes = {
    "Content-Length": { path: "/delay/0", body: "waited 0 ms\n" },
    chunked: { path: "/chunked?parts=4&size=5", body: "a".repeat(5) },
  };

  for (const [framing, { path, body }] of Object.entries(routes)) {
    it(`parse the same ${framing} response at every split point`, async () => {
      const bytes = await getRaw(`${ctx.server.url}${path}`);
      if (!bytes) throw new Error(`no bytes from ${path}`);
      const whole = parsePieces([bytes]);
      expect(whole.ended).toBe(true);
      expect(whole.body.startsWith(body)).toBe(true);

      for (let at = 0; at <= bytes.length; at += 1) {
        const split = [bytes.subarray(0, at), bytes.subarray(at)];
        expect(parsePieces(split), `split at byte ${at}`).toEqual(whole);
      }
      const single = [...bytes].map((byte) => Uint8Array.of(byte));
      expect(parsePieces(single), "one byte at a time").toEqual(whole);
    });
  }

  it("shows the chunk framing on the wire: sizes in hex, a zero to end", async () => {
    const bytes = await getRaw(`${ctx.server.url}/chunked?parts=2&size=16`);
    const text = bytes?.toString("latin1") ?? "";
    const body = text.slice(text.indexOf("\r\n\r\n") + 4);
    expect(body).toBe(
      `10\r\n${"a".repeat(16)}\r\n10\r\n${"b".repeat(16)}\r\n0\r\n\r\n`,
    );
  });
});
