// Run by pool-size.test.ts in a process of its own, started without
// UV_THREADPOOL_SIZE. It sets `process.env.UV_THREADPOOL_SIZE` to 1 from
// inside the program, either before any call has used libuv's thread pool
// or after one `fs.promises.stat` has. Then it holds one thread of the pool
// in `open()` of a named pipe and prints one line of JSON: whether a
// `pbkdf2` call had to wait for that thread (a pool of one) or not.
import { execFileSync } from "node:child_process";
import { pbkdf2 } from "node:crypto";
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const HOLD_MS = 1000;
const when = process.argv[2];

if (when === "after a call") await stat(import.meta.filename);
process.env["UV_THREADPOOL_SIZE"] = "1";

const dir = mkdtempSync(join(tmpdir(), "pool-size-"));
const pipe = join(dir, "held");
execFileSync("mkfifo", [pipe]);
// Waits in a pool thread until the pipe has a writer.
const opening = open(pipe, "r");
const hashed = promisify(pbkdf2)("pw", "salt", 1, 32, "sha256");
const waited = await Promise.race([
  hashed.then(() => false),
  sleep(HOLD_MS).then(() => true),
]);
const writer = openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK);
await (await opening).close();
closeSync(writer);
await hashed;
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ waited }));
