// A refresh that nobody awaits fails on the network, and the process dies
// of an unhandled rejection whose stack names no line of ours. With
// `--trace` it tracks where each promise was made, and names the call that
// made the unhandled one; `fixed` handles the failure where it starts.
// Usage: node unhandled.ts <server-url> plain|traced|fixed
import { trackPromiseOrigins } from "../promise-origins.ts";

const [serverUrl = "", mode = "plain"] = process.argv.slice(2);

// #region traced
if (mode === "traced") {
  const origins = trackPromiseOrigins();
  process.on("unhandledRejection", (reason, promise) => {
    console.error(`unhandled rejection: ${String(reason)}`);
    console.error(`the promise was made:\n${origins.originOf(promise)}`);
    process.exit(1);
  });
}
// #endregion

// #region bug
async function loadUser(id: number): Promise<unknown> {
  // The bundled server resets the connection: `fetch` rejects.
  const response = await fetch(`${serverUrl}/fault/reset?user=${id}`);
  return response.json();
}

function refreshUsers(ids: number[]): void {
  // Fire and forget: nobody handles what these promises do.
  for (const id of ids) loadUser(id);
}
// #endregion

// #region fixed
function refreshUsersFixed(ids: number[]): void {
  for (const id of ids) {
    // Still in the background, but each failure is handled, and told with
    // the context that the network error lacks.
    loadUser(id).catch((error: unknown) => {
      const cause = String((error as Error).cause);
      console.error(`refreshing user ${id} failed: ${String(error)}: ${cause}`);
    });
  }
}
// #endregion

if (mode === "fixed") refreshUsersFixed([7]);
else refreshUsers([7]);
console.log("refresh started");
