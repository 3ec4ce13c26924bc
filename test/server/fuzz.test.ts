// Property: whatever bytes a client sends (request lines of any method,
// target and version, headers of any name and value, bodies framed right or
// wrong, requests cut short, pipelined, or plain garbage), the server stays
// up, answers /stats afterwards with its totals, and its memory stays
// bounded. It runs in a child process, so a crash shows as an exit and its
// memory is its own. Bounded to a few seconds of generated cases.
import * as fc from "fast-check";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../src/server/routes.ts";
import type { ServerStats } from "../../src/server/types.ts";
import { mb, startChild, type ChildServer } from "./child.ts";

const FUZZ_MS = 4000;
// How long one case waits for the server before it hangs up itself.
const CASE_MS = 100;
const MiB = 1024 * 1024;

let child: ChildServer;
beforeAll(async () => {
  child = await startChild({
    nodeFlags: ["--max-old-space-size=128"],
    // Short limits, so that what a case leaves hanging is gone soon.
    server: {
      headersTimeoutMs: 500,
      inactivityTimeoutMs: 500,
      stallTimeoutMs: 500,
    },
  });
});
afterAll(() => child.stop());

const CRLF = "\r\n";

// Mostly well-formed parts, so that most requests reach a route; the rest
// is anything at all.
const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("GET", "HEAD") },
  fc.constantFrom(
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "OPTIONS",
    "PATCH",
    "TRACE",
    "CONNECT",
    "PRI",
    "get",
  ),
  fc.string({ maxLength: 10 }),
);

const target = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(...ROUTES.map((route) => route.example)),
  },
  fc.constantFrom(
    "/stats",
    "/stats?since=3&limit=2",
    "/stats?limit=0",
    "/stats?since=-1",
    "/stats/reset",
    "/fault/hang",
    "/fault/reset",
    "/fault/close-early",
    "/bytes/67108864",
    "/barrier/2?timeout=50",
    "/delay/60000",
    "*",
    "http://127.0.0.1/delay/0",
    "example.com:443",
  ),
  fc.webPath(),
  fc.string({ maxLength: 64 }),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((length) => `/delay/0?pad=${"x".repeat(length)}`),
);

const version = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("HTTP/1.1", "HTTP/1.0") },
  fc.constantFrom(
    "HTTP/1.1",
    "HTTP/1.0",
    "HTTP/2.0",
    "HTTP/0.9",
    "HTTP/1.2",
    "HTTP/3",
    "http/1.1",
    "",
  ),
  fc.string({ maxLength: 10 }),
);

const header = fc.tuple(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("Accept", "X-Test", "User-Agent") },
    fc.constantFrom(
      "Host",
      "Content-Length",
      "Transfer-Encoding",
      "Connection",
      "Origin",
      "Expect",
      "Upgrade",
      "Content-Type",
    ),
    fc.string({ maxLength: 16 }),
  ),
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("*/*", "1", "fuzz") },
    fc.constantFrom(
      "127.0.0.1",
      "localhost:1",
      "evil.example",
      "http://evil.example",
      "0",
      "5",
      "-1",
      "99999999999999999999",
      "chunked",
      "gzip, chunked",
      "close",
      "keep-alive",
      "100-continue",
      "websocket",
      "h2c",
    ),
    fc.string({ maxLength: 32 }),
  ),
);

const body = fc.oneof(
  fc.constant(""),
  fc.string({ maxLength: 256 }),
  // A chunked body, well formed or not.
  fc
    .array(fc.string({ minLength: 1, maxLength: 32 }), { maxLength: 4 })
    .map(
      (parts) =>
        parts
          .map((p) => `${p.length.toString(16)}${CRLF}${p}${CRLF}`)
          .join("") + `0${CRLF}${CRLF}`,
    ),
  fc.constant(`zz${CRLF}oops${CRLF}`),
);

const request = fc
  .record({
    method,
    target,
    version,
    host: fc.oneof(
      { weight: 4, arbitrary: fc.constant("Host: 127.0.0.1") },
      fc.constant(""),
    ),
    headers: fc.array(header, { maxLength: 3 }),
    body,
    lineEnd: fc.oneof(
      { weight: 8, arbitrary: fc.constant(CRLF) },
      fc.constant("\n"),
    ),
  })
  .map(({ method, target, version, host, headers, body, lineEnd }) => {
    const lines = [
      `${method} ${target} ${version}`,
      ...(host === "" ? [] : [host]),
      ...headers.map(([name, value]) => `${name}: ${value}`),
    ];
    return `${lines.join(lineEnd)}${lineEnd}${lineEnd}${body}`;
  });

/** What one connection sends: requests (pipelined), maybe cut, or noise. */
const sent = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(request, { minLength: 1, maxLength: 3 })
      .map((r) => Buffer.from(r.join(""), "latin1")),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 2048 })
      .map((bytes) => Buffer.from(bytes)),
  },
);

const connectionCase = fc.record({
  bytes: sent,
  // Cut the bytes short at this fraction (1: send them whole).
  cut: fc.oneof(
    { weight: 3, arbitrary: fc.constant(1) },
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  // How many writes they are split into.
  pieces: fc.integer({ min: 1, max: 4 }),
  // Half-close after sending, as a client that is done does.
  end: fc.oneof(
    { weight: 3, arbitrary: fc.constant(true) },
    fc.constant(false),
  ),
});

type Case = typeof connectionCase extends fc.Arbitrary<infer T> ? T : never;

/** How many answers of each status (or "none") the cases saw first. */
const answers = new Map<string, number>();

/** Play one case on its own connection; resolves when it is over. */
function play(port: number, c: Case): Promise<void> {
  const bytes = c.bytes.subarray(0, Math.ceil(c.bytes.length * c.cut));
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const timer = setTimeout(() => socket.destroy(), CASE_MS);
    socket.on("error", () => {});
    let first = "";
    socket.on("data", (chunk: Buffer) => {
      if (first.length < 12) first += chunk.toString("latin1", 0, 12);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(first)?.[1] ?? "none";
      answers.set(status, (answers.get(status) ?? 0) + 1);
      resolve();
    });
    socket.once("connect", async () => {
      const size = Math.ceil(bytes.length / c.pieces) || 1;
      for (let at = 0; at < bytes.length && !socket.destroyed; at += size) {
        socket.write(bytes.subarray(at, at + size));
        await new Promise((next) => setImmediate(next));
      }
      if (c.end && !socket.destroyed) socket.end();
    });
  });
}

describe("the server under generated request bytes", () => {
  it("never crashes, still answers /stats, and its memory stays bounded", async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(connectionCase, { minLength: 1, maxLength: 4 }),
        async (cases) => {
          runs++;
          await Promise.all(cases.map((c) => play(child.port, c)));
          // These cases (or the run before them) ended the server.
          const exited = child.exited();
          if (exited !== undefined) {
            throw new Error(`the server exited (${exited}): ${child.stderr()}`);
          }
        },
      ),
      {
        numRuns: 2000,
        endOnFailure: true,
        plugins: [fc.interruptAfterTimeLimit(FUZZ_MS)],
      },
    );
    expect(child.exited(), child.stderr()).toBeUndefined();
    expect(runs, "cases played").toBeGreaterThan(20);

    const response = await fetch(`${child.url}/stats?limit=1`);
    expect(response.status).toBe(200);
    const stats = (await response.json()) as ServerStats;
    for (const total of [
      "inFlight",
      "peakInFlight",
      "totalRequests",
      "totalConnections",
      "openConnections",
      "droppedRecords",
    ] as const) {
      expect(typeof stats[total], total).toBe("number");
    }
    const { peak, baseline } = await child.memory();
    const seen = [...answers]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status} x${n}`)
      .join(", ");
    const figures =
      `${runs} runs (first answers: ${seen}): peak heap ${mb(peak.heapUsed)} (at start ` +
      `${mb(baseline.heapUsed)}), peak RSS ${mb(peak.rss)} (at start ` +
      `${mb(baseline.rss)}), peak socket buffers ${mb(peak.bufferedBytes)}`;
    console.info(`fuzz: ${figures}`);
    expect(peak.heapUsed - baseline.heapUsed, figures).toBeLessThan(64 * MiB);
    expect(peak.rss - baseline.rss, figures).toBeLessThan(200 * MiB);
    // Nothing the server logged to stderr is a stack trace of its own.
    expect(child.stderr()).not.toMatch(
      /internal error|TypeError|at .*src\/server/,
    );
  }, 20_000);
});
