// A bare `node:http` server that listens with `reusePort`, for
// reuse-port.ts: `node reuse-port-child.ts PORT [--no-reuse]`. Its first
// line is JSON, `{ port }` or `{ error }`; a line on stdin asks for the
// number of requests it answered; the end of stdin stops it.
import { createServer } from "node:http";
import { createInterface } from "node:readline";

const port = Number(process.argv[2] ?? 0);
const reusePort = !process.argv.includes("--no-reuse");
let requests = 0;
const server = createServer((_request, response) => {
  requests++;
  response.end("ok\n");
});
server.once("error", (error: NodeJS.ErrnoException) => {
  process.stdout.write(`${JSON.stringify({ error: error.code })}\n`);
  process.exit(0);
});
// #region listen
// Every process that sets `reusePort` gets a listening socket of its own
// on the same port, and the kernel spreads new connections over them.
server.listen({ port, host: "127.0.0.1", reusePort }, () => {
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port: bound })}\n`);
});
// #endregion
const lines = createInterface({ input: process.stdin });
lines.on("line", () => process.stdout.write(`${requests}\n`));
lines.on("close", () => {
  server.close();
  server.closeAllConnections();
});
