import { defineConfig } from "vitest/config";

// Browser tests of the built site: `npm run build` once (skipped with
// E2E_SKIP_BUILD=1 when dist/ exists), dist/ served on a free port, Debian's
// chromium driven by playwright-core.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    maxWorkers: 2,
    testTimeout: 30_000,
    // A browser on a busy machine can take seconds to load a script or
    // draw a result; a poll that fails sooner only measures the machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
  },
});
