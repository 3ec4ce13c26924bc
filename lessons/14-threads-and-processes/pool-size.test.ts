import { expect, test } from "vitest";
import { withPoolSize } from "./with-pool-size.ts";

const CHILD = new URL("./pool-size-inside-child.ts", import.meta.url);

async function pbkdf2Waited(when: string): Promise<boolean> {
  const output = await withPoolSize(CHILD, [when], undefined);
  return (JSON.parse(output) as { waited: boolean }).waited;
}

test("UV_THREADPOOL_SIZE set from inside the program counts only if no call has used the pool yet", async () => {
  // Set first: the pool is made at the first call, with one thread, so
  // pbkdf2 waits for the thread that `open()` holds.
  expect(await pbkdf2Waited("before any call")).toBe(true);
  // Set after one `stat`: the pool was made then, with the default four,
  // and pbkdf2 takes another thread.
  expect(await pbkdf2Waited("after a call")).toBe(false);
});
