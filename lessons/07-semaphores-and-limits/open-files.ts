// What a process that may hold only so many open files does with a thousand
// requests at once. `too-many-files.ts` runs this in a child process whose
// open-file limit is lowered; the bundled server keeps its own, higher one.
import { readdirSync } from "node:fs";
import http from "node:http";
import { getText } from "./http-text.ts";
import { Semaphore } from "./semaphore.ts";

export interface OpenFilesReport {
  requested: number;
  succeeded: number;
  failed: number;
  /** The first failure's error code, e.g. "EMFILE"; null if none failed. */
  errorCode: string | null;
  /** Sockets already open when the first request failed; null if none did. */
  openWhenFailed: number | null;
  /** Descriptors the process held before its first request (Linux only). */
  descriptorsBefore: number | null;
}

/** How many files this process has open, where `/proc` can tell. */
function countDescriptors(): number | null {
  try {
    // Listing the folder opens one descriptor of its own: leave it out.
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return null;
  }
}

function errorCode(reason: unknown): string {
  return (reason as NodeJS.ErrnoException).code ?? String(reason);
}

// #region request-all
/** `count` GETs of `url` at once, or through a semaphore of `limit`. */
export async function requestAll(
  url: URL,
  count: number,
  limit?: number,
): Promise<OpenFilesReport> {
  const descriptorsBefore = countDescriptors();
  // An agent without `maxSockets`: one socket, so one descriptor, per
  // request in flight.
  const agent = new http.Agent();
  const semaphore = limit === undefined ? undefined : new Semaphore(limit);
  const get = (): Promise<string> => getText(url, { agent });
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, () =>
      semaphore === undefined ? get() : semaphore.withPermit(get),
    ),
  );
  agent.destroy();
  // The requests open their sockets in order, so the index of the first
  // failure is the number of sockets that were open when it came.
  const first = outcomes.findIndex((o) => o.status === "rejected");
  const failure = outcomes[first];
  const failed = outcomes.filter((o) => o.status === "rejected").length;
  return {
    requested: count,
    succeeded: count - failed,
    failed,
    errorCode:
      failure?.status === "rejected" ? errorCode(failure.reason) : null,
    openWhenFailed: first === -1 ? null : first,
    descriptorsBefore,
  };
}
// #endregion
