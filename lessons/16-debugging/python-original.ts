// Runs the asyncio original (debug_mode.py) plain and in debug mode, for
// the page and its test, and tidies what it printed: paths made relative,
// frames inside Python's own library folded into one line, the slow
// step's duration written the way this course writes durations, and slow
// steps other than the one that calls `time.sleep` left out. Python is
// optional: without it, says so.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCommand } from "../../src/lib/run-command.ts";
import { formatMs } from "../../src/lib/format.ts";
import { relativePaths, ROOT } from "./run-program.ts";

const SCRIPT = fileURLToPath(new URL("./debug_mode.py", import.meta.url));

// The step that blocks ends at the first `await` after `time.sleep`: its
// report names that line. asyncio times steps on the clock, so on a busy
// machine another step can pass 0.1 s too; its report is not the lesson's.
const SOURCE = readFileSync(SCRIPT, "utf8").split("\n");
const SLEEP_AT = SOURCE.findIndex((line) => line.includes("time.sleep("));
const SLOW_STEP_LINE =
  SOURCE.findIndex((line, i) => i > SLEEP_AT && line.includes("await ")) + 1;

/** A slow-step report for a step other than the one that slept. */
export function otherSlowStep(line: string): boolean {
  const step = /^Executing <Task .*? running at \S+:(\d+)>/.exec(line);
  return step !== null && Number(step[1]) !== SLOW_STEP_LINE;
}

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
  const lines = tidy(result.stderr).filter((line) => !otherSlowStep(line));
  return { code: result.code, lines };
}
