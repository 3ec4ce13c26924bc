import { describe, expect, it } from "vitest";
import { echo } from "./echo-client.ts";
import { startCountServer } from "./half-close.ts";

describe("a server that answers after the client's half-close", () => {
  it("answers when it keeps its side open (allowHalfOpen: true)", async () => {
    const server = await startCountServer(true);
    try {
      const answer = await echo(server.host, server.port, "Hello World!");
      expect(answer.toString()).toBe("12 bytes\n");
      expect(await server.firstAnswer).toBe("ok");
    } finally {
      await server.close();
    }
  });

  it("loses its answer by default: Node ended the socket at the client's FIN", async () => {
    const server = await startCountServer(false);
    try {
      const answer = await echo(server.host, server.port, "Hello World!");
      expect(answer.toString()).toBe("");
      expect(await server.firstAnswer).toMatch(/^ERR_STREAM_WRITE_AFTER_END/);
    } finally {
      await server.close();
    }
  });
});
