// A small service whose report handler blocks the event loop: it counts
// repeated order ids by comparing every pair. A request to the bundled
// server that runs meanwhile waits for it. The watchdog and
// `monitorEventLoopDelay` watch; the fixed version counts with a Set.
// Usage: node blocked-loop.ts <server-url> blocking|fixed
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatMs } from "../../../src/lib/format.ts";
import { sampleLoopDelay } from "../loop-delay.ts";
import { formatFrame, startWatchdog, type Frame } from "../watchdog.ts";

const [serverUrl = "", mode = "blocking"] = process.argv.slice(2);
const ORDERS = 25_000;

// #region blocking
/** How many orders repeat an id seen before: every pair compared. */
function countRepeats(ids: number[]): number {
  let repeats = 0;
  for (let i = 1; i < ids.length; i++) {
    for (let j = 0; j < i; j++) if (ids[j] === ids[i]) repeats++;
  }
  return repeats;
}
// #endregion

// #region fixed
/** The same count in one pass: a Set remembers the ids seen so far. */
function countRepeatsFast(ids: number[]): number {
  const seen = new Set<number>();
  let repeats = 0;
  for (const id of ids) {
    if (seen.has(id)) repeats++;
    else seen.add(id);
  }
  return repeats;
}
// #endregion

function handleReport(response: http.ServerResponse): void {
  // Order ids from a fixed recipe: every 97th order repeats an earlier id.
  const ids = Array.from({ length: ORDERS }, (_, i) =>
    i % 97 === 96 ? i - 50 : i,
  );
  const count = mode === "fixed" ? countRepeatsFast : countRepeats;
  response.end(`${ids.length} orders, ${count(ids)} repeated ids`);
}

const service = http.createServer((request, response) => {
  if (request.url === "/report") handleReport(response);
  else response.end("ok");
});
await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
const { port } = service.address() as AddressInfo;
// The first `fetch` loads undici, which takes the loop a while on a busy
// machine: done before the watching starts, it is not what we look for.
await (await fetch(`http://127.0.0.1:${port}/`)).text();

const origin = performance.now();
const watchdog = await startWatchdog({ thresholdMs: 100 });
const sampler = sampleLoopDelay(20, origin);

// A quiet moment first, so that the picture shows the loop at rest.
await new Promise((resolve) => setTimeout(resolve, 200));
const started = performance.now();
const timed = async (url: string) => {
  const response = await fetch(url);
  const text = await response.text();
  return { text, ms: performance.now() - started };
};
const [report, other] = await Promise.all([
  timed(`http://127.0.0.1:${port}/report`),
  timed(`${serverUrl}/delay/100`),
]);
await new Promise((resolve) => setTimeout(resolve, 200));
service.close();

const delay = sampler.stop();
const ages = await watchdog.stop();
console.log(`GET /report: ${report.text}, after ${formatMs(report.ms)}`);
console.log(`meanwhile GET /delay/100 took ${formatMs(other.ms)}`);
// Blocks inside Node alone (a module loaded on first use, a long garbage
// collection on a busy machine) are not this program's: left out.
const ours = (frame: Frame) => frame.url.startsWith("file:");
const blocks = watchdog.blocks.filter((block) => block.stack.some(ours));
for (const block of blocks) {
  console.log(
    `watchdog: the loop was blocked for ${formatMs(block.blockedMs)}, ` +
      `${formatMs(block.waitedMs)} of it waiting for a core`,
  );
  const frames = block.stack.filter(ours);
  for (const frame of frames) console.log(`  at ${formatFrame(frame)}`);
  const inNode = block.stack.length - frames.length;
  if (inNode > 0) console.log(`  (and ${inNode} frames inside Node)`);
}
if (blocks.length === 0) console.log("watchdog: no block in this program");
console.log(
  `monitorEventLoopDelay: worst delay ${formatMs(delay.maxMs)}, ` +
    `99th percentile ${formatMs(delay.p99Ms)}`,
);
// For the picture: both series on one clock, in whole milliseconds.
const heartbeat = ages.map(([at, age]) => [at - origin, age].map(Math.round));
console.log(`#series ${JSON.stringify({ delay: delay.points, heartbeat })}`);
