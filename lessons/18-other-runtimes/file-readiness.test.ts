import { expect, test } from "vitest";
import { runPythonJson } from "../../src/lib/python.ts";
import { pythonCommand } from "./runtimes.ts";

test("select and poll call a regular file ready at once, and epoll refuses to watch it", async (t) => {
  const said = await runPythonJson<Record<string, string>>(
    new URL("./python/file_readiness.py", import.meta.url).pathname,
    [import.meta.filename],
    { python: pythonCommand() },
  );
  if (said === null) {
    t.skip("python3 is not installed (.ci/run installs it)");
    return;
  }
  expect(said).toEqual({
    select: "ready",
    poll: "ready",
    epoll: expect.stringMatching(/^refused: .* \(errno 1\)$/),
  });
});
