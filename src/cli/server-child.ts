// The bundled server in a process of its own, started by `connect()`. A
// lesson may block its own thread on purpose (a synchronous request, a busy
// loop); a server in that same process could not answer meanwhile.
import { startServer } from "../server/index.ts";

const server = await startServer({ port: 0, echoPort: 0 });
const address = {
  url: server.url,
  host: server.host,
  echoPort: server.echoPort,
};
process.stdout.write(`${JSON.stringify(address)}\n`);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  void server.close().then(() => process.exit(0));
}
// The parent closes our stdin to stop us, or dies and it closes by itself.
process.stdin.on("end", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
// Ctrl-C reaches the whole process group; the parent decides when we stop.
process.on("SIGINT", () => {});
