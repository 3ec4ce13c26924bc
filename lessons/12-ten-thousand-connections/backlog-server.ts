// A server that cannot accept for a while: it listens with a small backlog,
// prints its port, then blocks its event loop for `blockMs`, as a busy
// server would. Connections that arrive meanwhile wait in the kernel's
// accept queue, as many as the backlog lets them. Run by backlog.ts.
import { createServer, type Socket } from "node:net";

const [backlog = "8", blockMs = "600"] = process.argv.slice(2);
const sockets: Socket[] = [];
const server = createServer((socket) => sockets.push(socket));
server.listen({ port: 0, host: "127.0.0.1", backlog: Number(backlog) }, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${port}\n`);
  // Busy: no accept() runs until this loop ends.
  const until = performance.now() + Number(blockMs);
  while (performance.now() < until);
});
// The parent closes our stdin when it is done.
process.stdin.on("end", () => {
  for (const socket of sockets) socket.destroy();
  server.close();
});
process.stdin.resume();
