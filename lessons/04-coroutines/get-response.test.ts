import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { findClosedPort } from "../02-callbacks-and-sockets/closed-port.ts";
import { httpGet } from "../02-callbacks-and-sockets/http-get.ts";
import type { HttpResponse } from "../02-callbacks-and-sockets/http-get.ts";
import { getPromisified, getResponse } from "./get-response.ts";

const ctx = useServer();

/** Lesson 2's client, its callback turned into a plain result object. */
function getWithCallback(url: string, options = {}) {
  return new Promise<{ err: Error | null; response?: HttpResponse }>(
    (settle) => {
      httpGet(url, options, (err, response) =>
        settle(response ? { err, response } : { err }),
      );
    },
  );
}

/** The response with its Date header blanked: the two requests compared
 * may be answered on either side of a second's turn. */
function undated(response: HttpResponse | undefined) {
  return (
    response && {
      ...response,
      headers: response.headers.map(([name, value]) => [
        name,
        name === "date" ? "<date>" : value,
      ]),
    }
  );
}

const wrappers = { "by hand": getResponse, "with promisify": getPromisified };

describe.each(Object.entries(wrappers))("httpGet wrapped %s", (_, get) => {
  it("resolves with the same status, headers and body as the callback gives", async () => {
    const url = `${ctx.server.url}/chunked?parts=3&size=2`;
    const viaCallback = await getWithCallback(url);
    const viaPromise = await get(url, {});
    expect(viaCallback.err).toBeNull();
    expect(undated(viaPromise)).toEqual(undated(viaCallback.response));
    expect(viaPromise?.body.toString()).toBe("aabbcc");
    expect(ctx.server.stats().totalRequests).toBe(2);
  });

  it("resolves with a 4xx response, as the callback does: it is an answer", async () => {
    const response = await get(`${ctx.server.url}/status/404`, {});
    expect(response?.status).toBe(404);
  });

  it("rejects with the callback's error when the server resets", async () => {
    await expect(
      get(`${ctx.server.url}/fault/reset`, {}),
    ).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("rejects with ECONNREFUSED when nothing listens on the port", async () => {
    const port = await promisify(findClosedPort)();
    await expect(get(`http://127.0.0.1:${port}/`, {})).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });

  it("rejects with the signal's reason when aborted, and the server sees the request end", async () => {
    const signal = AbortSignal.timeout(100);
    await expect(
      get(`${ctx.server.url}/fault/hang`, { signal }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
  });
});

describe("getResponse", () => {
  it("returns its promise before the request has even connected", async () => {
    const pending = getResponse(`${ctx.server.url}/delay/50`);
    expect(pending).toBeInstanceOf(Promise);
    expect(ctx.server.stats().totalRequests).toBe(0);
    const response = await pending;
    expect(response.body.toString()).toBe("waited 50 ms\n");
  });
});
