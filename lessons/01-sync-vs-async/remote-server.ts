// For this lesson's tests: the bundled server in a child process, as
// `npm run lesson` uses it, so that a thread blocked or kept busy here on
// purpose does not stop it from answering and logging.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { connect, type Connection } from "../../src/cli/connect.ts";
import type { ServerClient } from "../../src/server/types.ts";

/** Start the server before the file's tests, reset its stats before each,
 * and stop it after them; call the result for its client. */
export function useRemoteServer(): () => ServerClient {
  let remote: Connection | undefined;
  beforeAll(async () => {
    remote = await connect();
  });
  afterAll(async () => {
    await remote?.close();
  });
  beforeEach(async () => {
    await remote?.client.reset();
  });
  return () => {
    if (remote === undefined)
      throw new Error("the remote server starts in beforeAll");
    return remote.client;
  };
}
