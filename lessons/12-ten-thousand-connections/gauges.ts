// What a load-testing client costs the machine, read from inside it: its
// resident memory, the CPU it used since the last reading, how late its
// event loop ran, and how many file descriptors it holds.
import { readdirSync, readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface Gauges {
  /** Resident memory now, in MiB. */
  rssMb: number;
  /** CPU time since the last reading, as a share of one core (0-100+). */
  cpuPercent: number;
  /** The event loop's delay since the last reading: p99 and the most. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Open file descriptors (sockets included), or -1 where unknown. */
  openFiles: number;
}

export interface GaugeReader {
  read(): Gauges;
  stop(): void;
}

/** How many descriptors this process holds: the entries of /proc/self/fd. */
export function openFiles(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return -1;
  }
}

/**
 * Resident memory in MiB, or `fallback` when it cannot be read: Node reads
 * it from /proc/self/stat, which takes a descriptor of its own, so at the
 * open-file limit the reading fails with EMFILE like any other open.
 */
function residentMb(fallback: number): number {
  try {
    return process.memoryUsage.rss() / 2 ** 20;
  } catch {
    return fallback;
  }
}

// #region peak-memory
/**
 * The most this process has been resident, in MiB: VmHWM of
 * /proc/self/status. Not `process.resourceUsage().maxRSS`: for a process
 * that another one spawned, the kernel's maxRSS also counts the memory the
 * parent had when it forked, which can be far more than the child's own.
 */
export function peakResidentMb(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // No /proc (macOS), or no descriptor left: fall back below.
  }
  return process.resourceUsage().maxRSS / 1024;
}
// #endregion

export function startGauges(): GaugeReader {
  // Samples the loop every 20 ms: one more timer, not one per connection.
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  let cpu = process.cpuUsage();
  let at = performance.now();
  let rssMb = residentMb(0);
  return {
    read() {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const busyMs = (used.user + used.system) / 1000;
      rssMb = residentMb(rssMb);
      const gauges: Gauges = {
        rssMb,
        cpuPercent: (100 * busyMs) / Math.max(now - at, 1),
        // The histogram counts in nanoseconds; empty, it reads 0.
        loopDelayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : 0,
        loopDelayMaxMs: delay.count > 0 ? delay.max / 1e6 : 0,
        openFiles: openFiles(),
      };
      cpu = process.cpuUsage();
      at = now;
      delay.reset();
      return gauges;
    },
    stop() {
      delay.disable();
    },
  };
}
