import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { findClosedPort } from "../02-callbacks-and-sockets/closed-port.ts";
import { classifyFailure } from "./classify.ts";
import { getText } from "./get-text.ts";
import { getWithTimeout } from "./timeouts.ts";

const ctx = useServer();
const closedPort = promisify(findClosedPort);

/** The failure of a request that must fail. */
async function failureOf(request: Promise<unknown>) {
  const error = await request.then(
    (value) => new Error(`expected a failure, got ${String(value)}`),
    (thrown: unknown) => thrown,
  );
  return classifyFailure(error);
}

describe("classifyFailure, on real failures from the server", () => {
  it("retries a refused connection, seen as fetch's TypeError with cause ECONNREFUSED", async () => {
    const port = await closedPort();
    const failure = await failureOf(getText(`http://127.0.0.1:${port}/`));
    expect(failure).toEqual({
      shape: 'TypeError "fetch failed", cause ECONNREFUSED',
      retryable: true,
    });
  });

  it("retries a reset connection (ECONNRESET)", async () => {
    const failure = await failureOf(getText(`${ctx.server.url}/fault/reset`));
    expect(failure.shape).toBe('TypeError "fetch failed", cause ECONNRESET');
    expect(failure.retryable).toBe(true);
  });

  it("retries a request abandoned at its deadline (TimeoutError)", async () => {
    const failure = await failureOf(
      getWithTimeout(`${ctx.server.url}/fault/hang`, 100),
    );
    expect(failure.shape).toMatch(/^TimeoutError: /);
    expect(failure.retryable).toBe(true);
  });

  it("retries a body cut short, which fails only when the body is read", async () => {
    const url = `${ctx.server.url}/fault/close-early`;
    const response = await fetch(url);
    expect(response.status, "the headers arrive intact").toBe(200);
    const failure = await failureOf(response.text());
    expect(failure.shape).toBe('TypeError "terminated", cause UND_ERR_SOCKET');
    expect(failure.retryable).toBe(true);
  });

  it("retries a 5xx and gives up on a 4xx", async () => {
    const url = ctx.server.url;
    expect(await failureOf(getText(`${url}/status/503`))).toEqual({
      shape: "HttpStatusError 503",
      retryable: true,
    });
    expect(await failureOf(getText(`${url}/status/404`))).toEqual({
      shape: "HttpStatusError 404",
      retryable: false,
    });
  });

  it("never retries a cancel, nor an error it does not know", async () => {
    const caller = new AbortController();
    caller.abort();
    const cancelled = await failureOf(
      getText(`${ctx.server.url}/delay/0`, { signal: caller.signal }),
    );
    expect(cancelled).toMatchObject({ retryable: false });
    expect(cancelled.shape).toMatch(/^AbortError: /);
    expect(classifyFailure(new RangeError("bad"))).toMatchObject({
      retryable: false,
    });
  });
});
