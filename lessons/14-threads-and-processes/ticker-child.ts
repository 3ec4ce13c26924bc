// A small program for subprocess.ts to run: prints `tick 1`, `tick 2`, ...
// one line every `intervalMs`, then exits with the code it was given.
// Usage: node ticker-child.ts <count> <intervalMs> <exitCode>
const [count = 3, intervalMs = 100, exitCode = 0] = process.argv
  .slice(2)
  .map(Number);
let ticks = 0;
const timer = setInterval(() => {
  ticks += 1;
  process.stdout.write(`tick ${ticks}\n`);
  if (ticks === count) {
    clearInterval(timer);
    process.exitCode = exitCode;
  }
}, intervalMs);
