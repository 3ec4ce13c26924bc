// Runs the asyncio original (debug_mode.py) plain and in debug mode, for
// the page and its test, and tidies what it printed: paths made relative,
// frames inside Python's own library folded into one line, and the slow
// step's duration written the way this course writes durations. Python is
// optional: without it, says so.
import { runCommand } from "../../src/lib/run-command.ts";
import { fileURLToPath } from "node:url";
import { formatMs } from "../../src/lib/format.ts";
import { relativePaths, ROOT } from "./run-program.ts";

const SCRIPT = fileURLToPath(new URL("./debug_mode.py", import.meta.url));

export interface PythonRun {
  /** Exit code of python3. */
  code: number | null;
  /** What it printed on stderr (everything), tidied. */
  lines: string[];
}

/** Lines of a traceback or a repr, with the library's frames folded. */
export function tidy(text: string): string[] {
  const out: string[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const frame = /^\s+File "([^"]+)", line \d+/.exec(line);
    if (frame && frame[1] !== SCRIPT) {
      // A frame in Python's library: its line, and the code line under it.
      if (!(out.at(-1) ?? "").endsWith("(frames inside asyncio)")) {
        out.push("  … (frames inside asyncio)");
      }
      i++;
      continue;
    }
    out.push(
      relativePaths(line)
        .replace(/\S*\/(asyncio\/\w+\.py)/g, "$1")
        .replace(/took (\d+\.\d+) seconds/, (_, s: string) => {
          return `took ${formatMs(Number(s) * 1000)}`;
        }),
    );
  }
  return out;
}

/** Run debug_mode.py; null when there is no `python3`. */
export async function runDebugModePy(
  debug: boolean,
): Promise<PythonRun | null> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env["PYTHONASYNCIODEBUG"];
  delete env["PYTHONDEVMODE"];
  if (debug) env["PYTHONASYNCIODEBUG"] = "1";
  const result = await runCommand("python3", [SCRIPT], { cwd: ROOT, env });
  if (result === null) return null;
  return { code: result.code, lines: tidy(result.stderr) };
}
