// Run by cluster.ts as a process of its own. As the primary, it forks
// `workers` copies of itself; each copy is an HTTP server on the same port,
// which the primary holds and hands out. The primary prints one line of
// JSON, the port and the workers' process ids, once they all listen, and
// stops them all when its standard input ends.
import cluster from "node:cluster";
import { createServer } from "node:http";

// #region cluster
if (cluster.isPrimary) {
  const count = Number(process.argv[2] ?? 2);
  const workers = Array.from({ length: count }, () => cluster.fork());
  let listening = 0;
  cluster.on("listening", (_worker, address) => {
    listening += 1;
    if (listening < count) return;
    const pids = workers.map((worker) => worker.process.pid);
    console.log(JSON.stringify({ port: address.port, pids }));
  });
  // Disconnecting lets each worker close its server and exit.
  process.stdin.on("end", () => cluster.disconnect()).resume();
} else {
  // Port 0 in a worker: the primary picks one free port for all of them.
  createServer((_request, response) => {
    response.end(`${process.pid}`);
  }).listen(0, "127.0.0.1");
}
// #endregion
