import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../../src/cli/connect.ts";
import { useServer } from "../helpers/server.ts";

async function listening(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("connect to a server named with --server", () => {
  const ctx = useServer();

  it("finds the echo server's port from the HTTP server's /stats", async () => {
    const connection = await connect(`${ctx.server.url}/`);
    expect(connection.client.url).toBe(ctx.server.url);
    expect(connection.client.echo).toEqual({
      host: ctx.server.host,
      port: ctx.server.echoPort,
    });
    await connection.close();
  });

  it("says how to start one when nothing listens there", async () => {
    const vacant = createServer();
    const url = await listening(vacant);
    vacant.close();
    await expect(connect(url)).rejects.toThrow(
      `no server answers at ${url}: start it in another terminal with npm run server`,
    );
  });

  const stranger = createServer((_req, res) => res.end("{}"));
  afterAll(() => {
    stranger.close();
  });

  it("refuses a server that is not the workshop's", async () => {
    const url = await listening(stranger);
    await expect(connect(url)).rejects.toThrow(
      /did not name its echo server's port .*is it the workshop server\?/,
    );
  });
});
