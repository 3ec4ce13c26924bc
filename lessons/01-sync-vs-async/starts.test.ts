// `fetch` starts a request and returns; the request leaves only once the
// event loop has the thread back. The server runs in a process of its own
// here, so that our busy loop cannot stop it from logging what arrives.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { describe, expect, it } from "vitest";
import { fetchPath } from "./fetch-path.ts";
import { useRemoteServer } from "./remote-server.ts";
import { busyFor, startThenBusy } from "./starts.ts";

const BUSY_MS = 300;
// Two processes read a whole-millisecond clock: this much is "the same time".
const SLACK_MS = 2;

const server = useRemoteServer();

/** When the server saw the request to `path` arrive, in epoch ms. */
async function arrivalOf(path: string): Promise<number> {
  const { epoch, requests } = await server().stats();
  const request = requests.find((r) => r.path === path);
  if (request === undefined) throw new Error(`${path} was never logged`);
  return epoch + request.arrivedAt;
}

/** Resolves with `Date.now()` when Node's fetch (undici) has written the
 * headers of a request to `path`: its own word for "sent". */
function headersWritten(path: string): Promise<number> {
  const channel = "undici:client:sendHeaders";
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const { request } = message as { request: { path: string } };
      if (request.path !== path) return;
      unsubscribe(channel, onMessage);
      resolve(Date.now());
    };
    subscribe(channel, onMessage);
  });
}

describe("fetch starts a request; it does not send it", () => {
  it("returns a pending promise at once, and the request reaches the server only after the busy loop", async () => {
    const path = "/delay/20?busy";
    const written = headersWritten(path);
    const seen = await startThenBusy(server().url, path, BUSY_MS);
    expect(seen.body).toBe("waited 20 ms\n");
    expect(
      seen.returnedAfterMs,
      `fetchPath took ${seen.returnedAfterMs} ms to return`,
    ).toBeLessThan(50);
    const arrived = await arrivalOf(path);
    const figures =
      `called at 0, busy until ${seen.busyEndedAt - seen.calledAt} ms, ` +
      `headers written at ${(await written) - seen.calledAt} ms, ` +
      `arrived at ${arrived - seen.calledAt} ms`;
    // Our own process: fetch wrote nothing while the loop ran.
    expect(await written, figures).toBeGreaterThanOrEqual(seen.busyEndedAt);
    // The server's log says the same.
    expect(arrived, figures).toBeGreaterThanOrEqual(
      seen.busyEndedAt - SLACK_MS,
    );
  });

  it("a request that was sent before the busy loop is logged while we are still busy", async () => {
    // The control: the server can log an arrival during our busy loop, so
    // the test above is not an artifact of a slow server.
    const path = "/delay/20?sent-first";
    const written = headersWritten(path);
    const pending = fetchPath(server().url, path);
    // Waiting on an event, not a timer: the headers are on their way.
    await written;
    const busyStartedAt = Date.now();
    busyFor(BUSY_MS);
    const busyEndedAt = Date.now();
    await pending;
    const arrived = await arrivalOf(path);
    expect(
      arrived,
      `busy from ${busyStartedAt} to ${busyEndedAt}, arrived at ${arrived}`,
    ).toBeLessThan(busyEndedAt - BUSY_MS / 2);
  });
});
