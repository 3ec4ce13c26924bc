// Starts the learner's line server on a free port and runs every case of
// the protocol against it (cases.ts): lines cut and merged every way, many
// clients at once, SLEEP and the order of replies, QUIT, a half-close, and
// a graceful close. Each failing case comes with the command that replays
// it on its own.
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import {
  CASES,
  replayCommand,
  runCases,
  type CaseResult,
  type Failure,
} from "./cases.ts";
import type * as Solution from "./solution.ts";

type Impl = typeof Solution;

export const CLIENTS = 20;
const TASK = "lessons/09-echo-server/exercise/task.ts";
// Failures told in full, each with its replay command.
const SHOWN = 6;

const EXPECTED =
  "a numbered reply to every line however the stream is cut, in order " +
  `(SLEEP included), for ${CLIENTS} clients at once; BYE on QUIT; every ` +
  "reply due after a half-close; and a close() that ends idle connections " +
  "and lets busy ones finish";

export async function check(
  impl: Impl,
  _server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["startLineServer"]);
  if (missing) return missing;
  const server = await impl.startLineServer({ host: "127.0.0.1", port: 0 });
  let closed = false;
  const close = async () => {
    closed = true;
    await server.close();
  };
  let results: CaseResult[];
  try {
    results = await runCases(CASES, {
      target: { host: server.host, port: server.port },
      clients: CLIENTS,
      close,
    });
  } finally {
    // The shutdown case closes the server; if it did not get that far, or
    // close() hangs, the check still returns.
    if (!closed) void server.close().catch(() => {});
  }
  const failed = results.flatMap((r) =>
    r.failure !== null && r.failure !== "skipped"
      ? [{ id: r.id, failure: r.failure }]
      : [],
  );
  const first = failed[0];
  if (first === undefined) {
    return {
      passed: true,
      expected: EXPECTED,
      observed: `all ${results.length} cases passed`,
    };
  }
  return {
    passed: false,
    expected: EXPECTED,
    observed: `case ${first.id}: ${first.failure.message}`,
    details: [
      `${results.length - failed.length} of ${results.length} cases passed; ` +
        `failed: ${failed.map((f) => f.id).join(", ")}`,
      ...failed
        .slice(0, SHOWN)
        .flatMap(({ id, failure }: { id: string; failure: Failure }) => [
          `✗ ${id}: ${failure.message}`,
          `  replay it: ${replayCommand(TASK, id)}`,
        ]),
      ...(failed.length > SHOWN
        ? [`(${failed.length - SHOWN} more; each one replays the same way)`]
        : []),
    ],
    hint: first.failure.hint,
  };
}
