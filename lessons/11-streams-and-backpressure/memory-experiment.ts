// The experiment: a fast producer (a child process) sends `totalMiB` to a
// slow reader (this process), once for each way of sending, and we keep what
// the producer's memory and its socket's buffer did over time.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { startSlowReader } from "./slow-reader.ts";

export type SendMode = "ignore" | "honour" | "pipeline";

export interface Sample {
  t: number;
  rssMiB: number;
  bufferedMiB: number;
}

export interface ExperimentResult {
  mode: SendMode;
  samples: Sample[];
  /** Bytes the reader got: all of them, whichever way they were sent. */
  received: number;
  ms: number;
  peakRss: number;
  peakBuffered: number;
}

export interface ExperimentOptions {
  totalMiB: number;
  readerMiBPerSecond: number;
  chunkKiB?: number;
  sampleMs?: number;
  signal?: AbortSignal;
}

/** The last line the child prints. */
type Totals = Pick<ExperimentResult, "ms" | "peakRss" | "peakBuffered">;

const CHILD = new URL("./memory-child.ts", import.meta.url);

export async function runExperiment(
  mode: SendMode,
  options: ExperimentOptions,
): Promise<ExperimentResult> {
  const {
    totalMiB,
    readerMiBPerSecond,
    chunkKiB = 64,
    sampleMs = 50,
  } = options;
  const reader = await startSlowReader({
    bytesPerSecond: readerMiBPerSecond * 2 ** 20,
  });
  try {
    const ended = reader.nextEnd();
    const args = [reader.port, mode, totalMiB, chunkKiB, sampleMs];
    const child = spawn(
      process.execPath,
      [CHILD.pathname, ...args.map(String)],
      {
        stdio: ["ignore", "pipe", "inherit"],
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const exited = once(child, "exit");
    const samples: Sample[] = [];
    let done: Totals | null = null;
    for await (const line of createInterface({ input: child.stdout })) {
      const parsed = JSON.parse(line) as Sample | { done: Totals };
      if ("done" in parsed) done = parsed.done;
      else samples.push(parsed);
    }
    const [code] = (await exited) as [number | null];
    if (code !== 0 || done === null) {
      throw new Error(`the ${mode} producer exited with code ${code}`);
    }
    return { mode, samples, received: await ended, ...done };
  } finally {
    await reader.close();
  }
}
