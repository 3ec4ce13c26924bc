// Starts a request that fails, never awaits it, and goes on with its work.
// Usage: node forget.ts <server-url> forget|catch
import { fetchPath } from "../../01-sync-vs-async/fetch-path.ts";

const [serverUrl = "", mode = "forget"] = process.argv.slice(2);

// #region forget
// Fire and forget: the promise is dropped on the floor. When it rejects,
// no handler is there to take the error.
const task = fetchPath(serverUrl, "/status/503");
// #endregion

if (mode === "catch") {
  // #region catch
  // A handler attached right away: the failure is reported, not fatal.
  task.catch((error: unknown) => {
    console.log(`caught: ${(error as Error).message.trim()}`);
  });
  // #endregion
}
console.log("started the request; now the program's own work");
// The rest of the program: half a second of other work.
await fetchPath(serverUrl, "/delay/500");
console.log("the program's own work is done");
