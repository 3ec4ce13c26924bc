import { expect, test } from "vitest";
import { runExperiment } from "./memory-experiment.ts";

const MiB = 1024 * 1024;
const options = { totalMiB: 32, readerMiBPerSecond: 128, sampleMs: 20 };

// Buffered bytes, not resident memory: RSS depends on the collector's mood.
test("in a child process, ignoring backpressure buffers most of the data, honouring it buffers a water mark", async () => {
  const ignoring = await runExperiment("ignore", options);
  const honouring = await runExperiment("honour", options);
  expect(ignoring.received).toBe(32 * MiB);
  expect(honouring.received).toBe(32 * MiB);
  expect(ignoring.peakBuffered, `${ignoring.peakBuffered}`).toBeGreaterThan(
    16 * MiB,
  );
  expect(
    honouring.peakBuffered,
    `${honouring.peakBuffered}`,
  ).toBeLessThanOrEqual(128 * 1024);
  expect(honouring.samples.length).toBeGreaterThan(2);
});
