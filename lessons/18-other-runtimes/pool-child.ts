// The child process of `runInFreshProcess`: one run, printed as JSON.
import { poolVersusSocket } from "./pool-vs-socket.ts";

const [baseUrl] = process.argv.slice(2);
if (baseUrl === undefined) throw new Error("usage: pool-child.ts BASE_URL");
const poolSize = Number(process.env["UV_THREADPOOL_SIZE"]);
const iterations = Number(process.env["POOL_ITERATIONS"]);
const report = await poolVersusSocket(baseUrl, poolSize, iterations);
process.stdout.write(JSON.stringify(report) + "\n");
