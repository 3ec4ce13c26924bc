// Starts the learner's line server on a free port and runs every case of
// the protocol against it (cases.ts): lines cut and merged every way, many
// clients at once, SLEEP and the order of replies, QUIT, a half-close, and
// a graceful close. Each failing case comes with the command that replays
// it on its own.
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import { formatMs } from "../../../src/lib/format.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import type { ServerClient } from "../../../src/server/types.ts";
import {
  CASES,
  replayCommand,
  runCases,
  type CaseResult,
  type Failure,
} from "./cases.ts";
import * as solution from "./solution.ts";

type Impl = typeof solution;

export const CLIENTS = 20;
const TASK = "lessons/09-echo-server/exercise/task.ts";
// Failures told in full, each with its replay command.
const SHOWN = 6;
// Cases start only within this time, so that a server that never answers
// is told so before `npm run verify` gives up on the check (at 60 s): each
// case waits up to a few seconds for a reply that does not come.
const BUDGET_MS = 30_000;
// A server that answered nothing in this many cases in a row would answer
// nothing in the rest either: they are not run.
const SILENT_CASES = 3;

const silent = (result: CaseResult): boolean =>
  typeof result.failure === "object" && result.failure?.silent === true;

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
  if (impl !== solution && impl.startLineServer === solution.startLineServer) {
    return {
      passed: false,
      expected: EXPECTED,
      observed:
        "your startLineServer is the worked solution's own, re-exported " +
        "from exercise/solution.ts: write the server in task.ts",
    };
  }
  const server = await impl.startLineServer({ host: "127.0.0.1", port: 0 });
  let closed = false;
  const close = async () => {
    closed = true;
    await server.close();
  };
  const results: CaseResult[] = [];
  const notRun: string[] = [];
  let stopped = "";
  const started = performance.now();
  try {
    for (const testCase of CASES) {
      if (performance.now() - started > BUDGET_MS) {
        stopped = `${formatMs(BUDGET_MS)} had gone`;
        notRun.push(testCase.id);
        continue;
      }
      const context = {
        target: { host: server.host, port: server.port },
        clients: CLIENTS,
        close,
      };
      results.push(...(await runCases([testCase], context)));
      if (
        results.length >= SILENT_CASES &&
        results.slice(-SILENT_CASES).every(silent)
      ) {
        stopped = `the server answered nothing in ${SILENT_CASES} cases in a row`;
        notRun.push(...CASES.slice(results.length).map((c) => c.id));
        break;
      }
    }
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
      `${results.length - failed.length} of ${CASES.length} cases passed; ` +
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
      ...(notRun.length > 0
        ? [
            `${notRun.length} cases not run: ${stopped} ` +
              `(${notRun.join(", ")})`,
          ]
        : []),
    ],
    hint: first.failure.hint,
  };
}
