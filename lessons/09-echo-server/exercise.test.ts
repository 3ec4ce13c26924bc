// test/exercises.test.ts proves the check passes the solution and rejects
// each wrong solution for its mistake; these tests pin down what else it
// tells a learner, and that it cleans up after the learner's server.
import { describe, expect, it } from "vitest";
import { useServer } from "../../test/helpers/server.ts";
import { itPointsWrongSolutionsAtHints } from "../../test/helpers/wrong-solution-hints.ts";
import { connectTo } from "./echo-client.ts";
import { check } from "./exercise/check.ts";
import type { LineServer } from "./exercise/protocol.ts";
import * as solution from "./exercise/solution.ts";
import * as task from "./exercise/task.ts";
import * as neverClosesIdle from "./exercise/wrong/never-closes-idle.ts";

const ctx = useServer();

// The hint of hints.md that answers each wrong solution's mistake.
const HINTS: Record<string, number | undefined> = {
  "per-chunk.ts": 1,
  "decodes-each-chunk.ts": 1,
  "global-count.ts": 2,
  "one-at-a-time.ts": 3,
  "out-of-order.ts": 4,
  "no-half-open.ts": 5,
  "never-closes-idle.ts": 6,
  "drops-busy.ts": 6,
  "answers-at-end.ts": 1,
  "whole-reads-only.ts": 1,
  "splits-each-read.ts": 1,
  "one-queue-for-all.ts": 3,
  "blocking-sleep.ts": 3,
  "ends-on-fin.ts": 5,
  "ignores-client-fin.ts": 5,
  "keeps-listening.ts": 6,
  "resolves-at-once.ts": 6,
  // Re-exporting the solution is not an attempt a hint could answer.
  "reexport.ts": undefined,
};

/** `impl` whose servers are remembered, to look at them afterwards. */
function watched<
  T extends { startLineServer: typeof solution.startLineServer },
>(impl: T): { impl: T; servers: LineServer[] } {
  const servers: LineServer[] = [];
  return {
    servers,
    impl: {
      ...impl,
      startLineServer: async (options) => {
        const server = await impl.startLineServer(options);
        servers.push(server);
        return server;
      },
    },
  };
}

async function refused(server: LineServer): Promise<boolean> {
  return connectTo(server.host, server.port).then(
    (socket) => (socket.destroy(), false),
    () => true,
  );
}

describe("the lesson 9 exercise check explains a failure", () => {
  it("fails the stub on lines sent together, with a replay command per failure and hint 1", async () => {
    const verdict = await check(task, ctx.client);
    expect(verdict.passed).toBe(false);
    expect(verdict.observed).toMatch(
      /^case merged: 3 lines in one write .*TCP delivers chunks, not lines/,
    );
    expect(verdict.details).toContain(
      "  replay it: npm run conformance -- echo lessons/09-echo-server/exercise/task.ts --case merged",
    );
    expect(verdict.hint).toBe(1);
  });

  it("passes the solution on every case, and leaves its server closed", async () => {
    const { impl, servers } = watched(solution);
    const verdict = await check(impl, ctx.client);
    expect(verdict.observed).toBe("all 28 cases passed");
    expect(servers).toHaveLength(1);
    expect(await refused(servers[0] as LineServer)).toBe(true);
  });

  it("leaves a server that never ends idle connections no longer listening", async () => {
    const { impl, servers } = watched(neverClosesIdle);
    const verdict = await check(impl, ctx.client);
    expect(verdict.observed).toMatch(/idle connections got no FIN/);
    expect(await refused(servers[0] as LineServer)).toBe(true);
  });

  itPointsWrongSolutionsAtHints(
    new URL("./exercise/wrong/", import.meta.url),
    HINTS,
    check,
    () => ctx.client,
  );
});
