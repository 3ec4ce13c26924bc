// Shows that a long run is still going: a spinner and the elapsed time on
// stderr, only when stderr is a terminal (never in logs or pipes).
import { formatMs } from "../lib/format.ts";

const FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
// Short runs finish before the ticker would be worth seeing.
const SHOW_AFTER_MS = 400;
const EVERY_MS = 100;

export interface Ticker {
  stop(): void;
}

export function startTicker(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Ticker {
  if (!stream.isTTY) return { stop() {} };
  const started = performance.now();
  let frame = 0;
  let drawn = false;
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    if (elapsed < SHOW_AFTER_MS) return;
    frame = (frame + 1) % FRAMES.length;
    stream.write(`\r\x1b[2K${FRAMES[frame]} ${label} ${formatMs(elapsed)}`);
    drawn = true;
  }, EVERY_MS);
  // The ticker must never keep the process alive on its own.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
