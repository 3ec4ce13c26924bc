// diagnostics_channel on Node 24: the channel names that undici and
// node:http publish, in the order a request meets them.
import http from "node:http";
import { expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { byRequest, traceHttpPhases } from "./http-phases.ts";

const ctx = useServer();

it("fetch and http.get announce each phase of a request, in order", async () => {
  const trace = traceHttpPhases();
  try {
    const drip = await fetch(`${ctx.server.url}/drip?chunks=4&interval=50`);
    await drip.text();
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${ctx.server.url}/delay/50`, (response) => {
          response.resume();
          response.on("end", resolve);
        })
        .on("error", reject);
    });
  } finally {
    trace.stop();
  }
  const requests = byRequest(trace.events);
  const fetched = requests.get(
    `GET ${ctx.server.url}/drip?chunks=4&interval=50`,
  );
  expect(fetched?.map((e) => e.channel)).toEqual([
    "undici:request:create",
    "undici:client:sendHeaders",
    "undici:request:headers",
    "undici:request:trailers",
  ]);
  expect(fetched?.[2]?.status).toBe(200);
  // The drip's headers come at once, its body over three 50 ms gaps.
  const [created, , headers, trailers] = (fetched ?? []).map((e) => e.at);
  const body = (trailers ?? 0) - (headers ?? 0);
  expect(body, `the body took ${body} ms`).toBeGreaterThan(120);
  expect((headers ?? 0) - (created ?? 0)).toBeLessThan(body);
  const got = requests.get(`GET ${ctx.server.url}/delay/50`);
  expect(got?.map((e) => [e.channel, e.status])).toEqual([
    ["http.client.request.start", undefined],
    ["http.client.response.finish", 200],
  ]);
});

it("after stop(), nothing more is recorded", async () => {
  const trace = traceHttpPhases();
  trace.stop();
  await (await fetch(`${ctx.server.url}/delay/0`)).text();
  expect(trace.events).toEqual([]);
});
