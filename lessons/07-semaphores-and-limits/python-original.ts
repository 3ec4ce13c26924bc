// The original program twice, each in a process of its own against the
// same server: semaphore.py (asyncio and aiohttp) and original-child.ts
// (our TypeScript of it), so that each one's memory is its own.
import { runCommand } from "../../src/lib/run-command.ts";
import type { ChildReport } from "./original-child.ts";

export const SEMAPHORE_PY = new URL("./semaphore.py", import.meta.url).pathname;
const CHILD = new URL("./original-child.ts", import.meta.url).pathname;

/** `original-child.ts url tasks limit`: the TypeScript in a child. */
export async function runTypeScriptChild(
  url: string,
  tasks: number,
  limit: number,
  signal?: AbortSignal,
): Promise<ChildReport> {
  const result = await runCommand(
    process.execPath,
    [CHILD, url, String(tasks), String(limit)],
    signal ? { signal } : {},
  );
  if (result === null || result.code !== 0) {
    throw new Error(`original-child.ts failed: ${result?.stderr ?? ""}`);
  }
  return JSON.parse(result.stdout) as ChildReport;
}

/** The MB of semaphore.py's `max RSS: N MB` line, or null without one. */
export function pythonMaxRssMb(lines: string[]): number | null {
  const line = lines.find((l) => l.startsWith("max RSS: "));
  const mb = line && /^max RSS: (\d+) MB/.exec(line)?.[1];
  return mb ? Number(mb) : null;
}
