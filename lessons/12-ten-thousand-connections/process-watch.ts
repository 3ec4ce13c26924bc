// Measures a child process from outside, the same way for any program (Node
// or Python): its peak resident memory and its CPU time, from /proc.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  parseStat,
  parseStatus,
  readProc,
  TICKS_PER_SECOND,
} from "../../src/lib/linux-proc.ts";

export interface Watched {
  /** The most it was resident (VmHWM), in MiB; null without /proc. */
  maxRssMb: number | null;
  /** CPU seconds it used, user and system. */
  cpuSeconds: number | null;
  /** From its start to its exit. */
  wallSeconds: number;
  /** CPU time as a share of one core over its life. */
  cpuPercent: number | null;
  exitCode: number | null;
}

function childrenTicks(): number | null {
  return parseStat(readProc("/proc/self/stat") ?? "")?.childrenTicks ?? null;
}

/**
 * Watches `child` (just spawned) until it exits. The CPU time is exact:
 * the kernel adds a child's time to its parent's `cutime` and `cstime`
 * when the parent reaps it. The peak memory is the last VmHWM read while
 * it ran, every `everyMs`: the kernel's own high-water mark, so a sample
 * misses nothing but the last moments of its life.
 */
export async function watchProcess(
  child: ChildProcess,
  everyMs = 100,
  onSample?: (ms: number, rssMb: number) => void,
): Promise<Watched> {
  const started = performance.now();
  const reapedBefore = childrenTicks();
  let hwmKb: number | null = null;
  let lastTicks: number | null = null;
  const sample = (): void => {
    const pid = child.pid;
    if (pid === undefined) return;
    const memory = parseStatus(readProc(`/proc/${pid}/status`) ?? "");
    if (memory) {
      hwmKb = Math.max(hwmKb ?? 0, memory.hwmKb);
      onSample?.(performance.now() - started, memory.rssKb / 1024);
    }
    const cpu = parseStat(readProc(`/proc/${pid}/stat`) ?? "");
    if (cpu) lastTicks = cpu.ownTicks;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(timer);
  const wallSeconds = (performance.now() - started) / 1000;
  const reapedAfter = childrenTicks();
  const reaped =
    reapedBefore === null || reapedAfter === null
      ? null
      : reapedAfter - reapedBefore;
  // Another child reaped meanwhile would add its time: then trust the
  // last sample instead. After it, the child can have used half a second
  // of CPU at most (a few samples' worth on every core).
  const plausible =
    reaped !== null &&
    (lastTicks === null ||
      (reaped >= lastTicks && reaped <= lastTicks + TICKS_PER_SECOND / 2));
  const ticks = plausible ? reaped : lastTicks;
  const cpuSeconds = ticks === null ? null : ticks / TICKS_PER_SECOND;
  return {
    maxRssMb: hwmKb === null ? null : hwmKb / 1024,
    cpuSeconds,
    wallSeconds,
    cpuPercent: cpuSeconds === null ? null : (100 * cpuSeconds) / wallSeconds,
    exitCode: code,
  };
}
