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
    hookTimeout: 60_000,
  },
});
