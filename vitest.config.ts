import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "lessons/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    // Lessons measure real wall-clock time against a real server; two workers on
    // a two-core machine keep timing tests honest.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Polls wait for the server to settle; on a busy machine that can take
    // longer than the default second, and a pass comes as soon as it holds.
    expect: { poll: { timeout: 5_000 } },
  },
});
