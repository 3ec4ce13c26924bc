// The full-size run: the lean client in a process of its own ramps up to N
// connections against the bundled server in another, and we watch both
// ends and the kernel between them: open connections as each side counts
// them, each process's resident memory, and the kernel's TCP sockets.
import { startClientProcess, type Summary } from "./client-process.ts";
import { pauseOfKeepalive } from "./keepalive-client.ts";
import { kernelSnapshot, type KernelSnapshot } from "./kernel-memory.ts";
import { startServerProcess } from "./server-process.ts";

export interface Sample {
  /** Milliseconds since the client started. */
  t: number;
  clientOpen: number;
  /** Null when the server's answer came too late to be "the same time". */
  serverOpen: number | null;
  clientRssMb: number;
  serverRssMb: number | null;
}

export interface TenThousandResult {
  summary: Summary;
  samples: Sample[];
  /** Before the first connection, and when the most were open. */
  clientIdleRssMb: number;
  serverIdleRssMb: number | null;
  /** At the sample with the most connections open (of those the server
   * answered in time). */
  atPeak: { sample: Sample; kernel: KernelSnapshot } | null;
}

// How long /stats may take for its count to pass as "now".
const LATE_MS = 100;

export interface TenThousandOptions {
  connections: number;
  seconds: number;
  /** The original's -k (pauses of 1 to keepalive / 2 s). */
  keepalive: number;
  reportMs?: number;
  /** How long /stats may take for its count to pass as "now" (100 ms). */
  lateMs?: number;
  signal?: AbortSignal;
}

export async function tenThousand(
  options: TenThousandOptions,
): Promise<TenThousandResult> {
  const server = await startServerProcess();
  try {
    const serverIdle = server.memory();
    const samples: Sample[] = [];
    let atPeak: TenThousandResult["atPeak"] = null;
    const pending: Promise<void>[] = [];
    const client = startClientProcess(
      {
        url: `${server.url}/`,
        connections: options.connections,
        seconds: options.seconds,
        pause: pauseOfKeepalive(options.keepalive),
        reportMs: options.reportMs ?? 500,
      },
      {
        onProgress(progress) {
          // Read the server's side at the same moment, as near as we can:
          // a busy server may answer /stats late, and then its count is
          // of a later moment.
          const memory = server.memory();
          const kernel = kernelSnapshot(server.port);
          const asked = performance.now();
          pending.push(
            server.openConnections().then((count) => {
              const late =
                performance.now() - asked > (options.lateMs ?? LATE_MS);
              const sample: Sample = {
                t: progress.elapsedMs,
                clientOpen: progress.open,
                serverOpen: late ? null : count,
                clientRssMb: progress.rssMb,
                serverRssMb: memory ? memory.rssKb / 1024 : null,
              };
              samples.push(sample);
              if (late) return;
              // The first sample with the most open, or a later one with
              // as many where the server has caught up: a connection is
              // open on the client's side before the server accepts it.
              const best = atPeak?.sample;
              if (
                !best ||
                sample.clientOpen > best.clientOpen ||
                (sample.clientOpen === best.clientOpen &&
                  (sample.serverOpen ?? 0) > (best.serverOpen ?? 0))
              ) {
                atPeak = { sample, kernel };
              }
            }),
          );
        },
      },
    );
    const stop = (): void => client.stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    const summary = await client.done.finally(() =>
      options.signal?.removeEventListener("abort", stop),
    );
    await Promise.all(pending);
    samples.sort((a, b) => a.t - b.t);
    return {
      summary,
      samples,
      clientIdleRssMb: summary.idleRssMb,
      serverIdleRssMb: serverIdle ? serverIdle.rssKb / 1024 : null,
      atPeak,
    };
  } finally {
    await server.close();
  }
}
