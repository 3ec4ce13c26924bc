// Whether the built site is newer than everything it is built from, so
// `npm start` can skip a build that would change nothing.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The latest modification time of a file or anything under a folder. */
export function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true })) {
    newest = Math.max(newest, statSync(join(path, String(entry))).mtimeMs);
  }
  return newest;
}

/** True when `builtMarker` exists and is newer than every source. */
export function isBuildFresh(builtMarker: string, sources: string[]): boolean {
  if (!existsSync(builtMarker)) return false;
  const built = statSync(builtMarker).mtimeMs;
  return sources.every((source) => newestChange(source) < built);
}
