// One side of the memory experiment, in a process of its own so that its
// memory is its own: sends `total` bytes to a slow reader in one of three
// ways, sampling its resident memory and its socket's buffer as it goes.
// Prints one JSON line per sample, then one with the totals.
import { once } from "node:events";
import { connect } from "node:net";
import {
  freshChunks,
  sendHonouring,
  sendIgnoring,
  sendWithPipeline,
} from "./send.ts";

const [port, mode, totalMiB, chunkKiB, sampleMs] = process.argv.slice(2);
const MiB = 2 ** 20;
const chunkSize = Number(chunkKiB) * 1024;
const count = (Number(totalMiB) * MiB) / chunkSize;

const socket = connect(Number(port), "127.0.0.1");
await once(socket, "connect");
const start = performance.now();
let peakRss = 0;
let sampledBuffered = 0;
let peakBuffered = 0;
const sample = (): void => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  sampledBuffered = Math.max(sampledBuffered, socket.writableLength);
  const line = {
    t: performance.now() - start,
    rssMiB: rss / MiB,
    bufferedMiB: socket.writableLength / MiB,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
sample();
const sampler = setInterval(sample, Number(sampleMs));
const chunks = freshChunks(count, chunkSize);
// The hand-written senders also measure their buffer after every write,
// which the sampler cannot do while a synchronous loop holds the thread.
if (mode === "ignore") {
  peakBuffered = (await sendIgnoring(socket, chunks)).peakBuffered;
} else if (mode === "honour") {
  peakBuffered = (await sendHonouring(socket, chunks)).peakBuffered;
} else {
  await sendWithPipeline(socket, chunks);
}
clearInterval(sampler);
sample();
const done = {
  ms: performance.now() - start,
  peakRss,
  peakBuffered: Math.max(peakBuffered, sampledBuffered),
};
process.stdout.write(`${JSON.stringify({ done })}\n`);
