// The runs of lesson 11, for `npm run lesson -- 11` and the recorded output.
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { fetchSlowly } from "./fetch-slowly.ts";
import { runExperiment, type SendMode } from "./memory-experiment.ts";
import { runPythonOriginal } from "./python-original.ts";
import { writeUntilFalse } from "./until-false.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 64 * KiB;

function size(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${Math.round(bytes / KiB)} KiB`;
}

async function untilFalse(ctx: RunContext): Promise<void> {
  const report = await writeUntilFalse();
  ctx.print(`write() took ${size(report.accepted)} before it returned false`);
  ctx.print(
    `Node's own buffer then held ${size(report.bufferedAtFalse)} (highWaterMark ${size(report.highWaterMark)})`,
  );
  ctx.print(
    `so the kernel's socket buffers held the other ${size(report.accepted - report.bufferedAtFalse)}`,
  );
  ctx.print(
    `'drain' came when Node's buffer held ${size(report.bufferedAtDrain)}`,
  );
}

const LABELS: Record<SendMode, string> = {
  ignore: "ignoring backpressure",
  honour: "honouring backpressure",
  pipeline: "pipeline()",
};
// Fast enough to finish in seconds, slower than the producer by far.
const READER_MIB_PER_SECOND = 128;
const RUNS: [SendMode, number][] = [
  ["ignore", 64],
  ["ignore", 128],
  ["ignore", 256],
  ["honour", 64],
  ["honour", 256],
  ["pipeline", 256],
];

async function memory(ctx: RunContext): Promise<void> {
  ctx.print(
    `a producer sends to a reader that takes ${READER_MIB_PER_SECOND} MiB/s, in ${size(CHUNK)} chunks`,
  );
  for (const [mode, totalMiB] of RUNS) {
    const result = await runExperiment(mode, {
      totalMiB,
      readerMiBPerSecond: READER_MIB_PER_SECOND,
      signal: ctx.signal,
    });
    const rss = Math.round(result.peakRss / MiB / 10) * 10;
    ctx.print(
      `${LABELS[mode].padEnd(23)} ${String(totalMiB).padStart(3)} MiB: ` +
        `${formatMs(result.ms)}, peak RSS about ${rss} MiB, ` +
        `Node's buffer at most ${size(result.peakBuffered)}`,
    );
    if (totalMiB === 256) {
      ctx.plot?.({
        name: `RSS, ${LABELS[mode]}`,
        unit: "MiB",
        points: result.samples.map((s) => [Math.round(s.t), s.rssMiB]),
      });
    }
  }
}

async function slowFetch(ctx: RunContext): Promise<void> {
  const url = new URL("/bytes/33554432", ctx.serverUrl);
  for (const [label, rate] of [
    ["slowly, at 16 MiB/s", 16 * MiB],
    ["as fast as it comes", Infinity],
  ] as const) {
    const result = await fetchSlowly(url, rate, ctx.signal);
    ctx.print(`read ${size(result.bytes)} ${label}: ${formatMs(result.ms)}`);
  }
}

async function asyncioOriginal(ctx: RunContext): Promise<void> {
  const report = await runPythonOriginal(128, 8 * MiB);
  if (report === null) {
    ctx.print("python3 is not installed here: nothing to compare with");
    return;
  }
  ctx.print(
    `asyncio's water marks: low ${size(report.low)}, high ${size(report.high)}`,
  );
  ctx.print(
    `the reader got ${size(report.received)}; the transport never buffered more than high + one chunk: ${report.peakBuffered <= report.high + CHUNK ? "yes" : "no"}`,
  );
}

export const runs: LessonRun[] = [
  {
    name: "until-false",
    title: "How much write() takes before it returns false",
    run: untilFalse,
    timeline: false,
    variesByMachine:
      "the kernel's socket buffers grow with the machine's TCP settings (net.ipv4.tcp_wmem and tcp_rmem on Linux)",
  },
  {
    name: "memory",
    title: "A fast producer and a slow reader: the producer's memory",
    run: memory,
    timeline: false,
    variesByMachine:
      "resident memory depends on the machine's allocator and on when the garbage collector runs",
  },
  {
    name: "slow-fetch",
    title: "Reading a fetch body slowly holds back the server",
    run: slowFetch,
  },
  {
    name: "asyncio",
    title: "The asyncio original: write() and await drain()",
    run: asyncioOriginal,
    timeline: false,
  },
];
