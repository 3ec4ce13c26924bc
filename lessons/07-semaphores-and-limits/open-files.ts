// What a process that may hold only so many open files does with a thousand
// requests at once. `too-many-files.ts` runs this in a child process whose
// open-file limit is lowered; the bundled server keeps its own, higher one.
import { lstatSync, readdirSync } from "node:fs";
import http from "node:http";
import { ownFileLimit, type FileLimit } from "./file-limit.ts";
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
  /** The highest descriptor number open when the first answer came in
   * (Linux only): by then every request had asked for its socket. */
  highestDescriptor: number | null;
  /** The process's own open-file limit, and where it was read. */
  fileLimit: (FileLimit & { source: string }) | null;
}

export interface RequestAllOptions {
  /** Run the requests through a semaphore of this many permits. */
  limit?: number;
  /** The hard limit the parent's shell set, for systems without `/proc`. */
  shellHardLimit?: number;
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

/** The highest descriptor number this process has open, where `/proc` can
 * tell. */
function highestOpenDescriptor(): number | null {
  let listed: number[];
  try {
    listed = readdirSync("/proc/self/fd").map(Number);
  } catch {
    return null;
  }
  // The listing's own descriptor is closed again by now: skip any number
  // that is no longer there.
  for (const fd of listed.sort((a, b) => b - a)) {
    try {
      lstatSync(`/proc/self/fd/${fd}`);
      return fd;
    } catch {
      continue;
    }
  }
  return null;
}

function limitOfThisProcess(shellHard?: number): OpenFilesReport["fileLimit"] {
  const own = ownFileLimit();
  if (own !== null) return { ...own, source: "/proc/self/limits" };
  if (shellHard === undefined) return null;
  // Node raised its soft limit to the hard one its shell left it.
  return { soft: shellHard, hard: shellHard, source: "ulimit -Hn in its sh" };
}

function errorCode(reason: unknown): string {
  return (reason as NodeJS.ErrnoException).code ?? String(reason);
}

// #region request-all
/** `count` GETs of `url` at once, or through a semaphore of `limit`. */
export async function startAll(
  url: URL,
  count: number,
  limit?: number,
  onAnswer?: () => void,
): Promise<PromiseSettledResult<string>[]> {
  // An agent without `maxSockets`: one socket, so one descriptor, per
  // request in flight.
  const agent = new http.Agent();
  const semaphore = limit === undefined ? undefined : new Semaphore(limit);
  const get = async (): Promise<string> => {
    const body = await getText(url, { agent });
    onAnswer?.();
    return body;
  };
  try {
    return await Promise.allSettled(
      Array.from({ length: count }, () =>
        semaphore === undefined ? get() : semaphore.withPermit(get),
      ),
    );
  } finally {
    agent.destroy();
  }
}
// #endregion

/** `startAll` in this process, and what it did to its descriptors. */
export async function requestAll(
  url: URL,
  count: number,
  options: RequestAllOptions = {},
): Promise<OpenFilesReport> {
  const fileLimit = limitOfThisProcess(options.shellHardLimit);
  const descriptorsBefore = countDescriptors();
  let highestDescriptor: number | null | undefined;
  // By the first answer, every request has asked for its socket.
  const onAnswer = (): void => {
    highestDescriptor ??= highestOpenDescriptor();
  };
  const outcomes = await startAll(url, count, options.limit, onAnswer);
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
    highestDescriptor: highestDescriptor ?? null,
    fileLimit,
  };
}

/** The report as one line of JSON; an unlimited limit is "unlimited". */
export function reportToJson(report: OpenFilesReport): string {
  return JSON.stringify(report, (_key, value: unknown) =>
    value === Number.POSITIVE_INFINITY ? "unlimited" : value,
  );
}

/** The report back from its JSON. */
export function reportFromJson(json: string): OpenFilesReport {
  return JSON.parse(json, (_key, value: unknown) =>
    value === "unlimited" ? Number.POSITIVE_INFINITY : value,
  ) as OpenFilesReport;
}
