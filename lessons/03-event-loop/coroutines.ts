// Coroutines before async/await: generator functions that `yield` a promise
// whenever they must wait, and a small scheduler that resumes them with the
// result, the way Python drove `yield from` coroutines before `async def`.
import { fetchText } from "./fetch-text.ts";

// #region types
/**
 * A coroutine yields promises and finally returns a `T`. What `yield` gives
 * back is typed `never` here; `wait` below gives it its real type.
 */
export type Coroutine<T> = Generator<Promise<unknown>, T, never>;

/** Wait for `promise` inside a coroutine: `const x = yield* wait(p)`. */
export function* wait<T>(promise: Promise<T>): Generator<Promise<T>, T, T> {
  return yield promise;
}
// #endregion types

// #region run
/** Drive `coroutine` to its end; resolve with what it returns. */
export function run<T>(coroutine: Coroutine<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    // Resume the generator, one way or the other, and see what it did.
    function step(resume: () => IteratorResult<Promise<unknown>, T>): void {
      let result: IteratorResult<Promise<unknown>, T>;
      try {
        result = resume();
      } catch (error) {
        // The coroutine did not catch it: the whole run fails.
        reject(error);
        return;
      }
      if (result.done) return resolve(result.value);
      // It is waiting for a promise. When that settles, resume it with the
      // value, or throw the error in at the `yield`.
      result.value.then(
        (value) => step(() => coroutine.next(value as never)),
        (error: unknown) => step(() => coroutine.throw(error)),
      );
    }
    step(() => coroutine.next());
  });
}
// #endregion run

// #region fetch-paths
/** Fetch each path in turn, noting each step in `log`. */
export function* fetchPaths(
  name: string,
  baseUrl: string,
  paths: string[],
  log: (line: string) => void,
): Coroutine<string[]> {
  const bodies: string[] = [];
  for (const path of paths) {
    log(`${name}: GET ${path}`);
    const body = yield* wait(fetchText(baseUrl + path));
    log(`${name}: got "${body.trim()}"`);
    bodies.push(body);
  }
  return bodies;
}
// #endregion fetch-paths

// #region fetch-paths-async
/** The same coroutine with `async`/`await`: the engine is the scheduler. */
export async function fetchPathsAsync(
  name: string,
  baseUrl: string,
  paths: string[],
  log: (line: string) => void,
): Promise<string[]> {
  const bodies: string[] = [];
  for (const path of paths) {
    log(`${name}: GET ${path}`);
    const body = await fetchText(baseUrl + path);
    log(`${name}: got "${body.trim()}"`);
    bodies.push(body);
  }
  return bodies;
}
// #endregion fetch-paths-async

// #region fallback
/** Fetch `path`; if that fails, say why and return `fallback` instead. */
export function* fetchOr(
  baseUrl: string,
  path: string,
  fallback: string,
  log: (line: string) => void,
): Coroutine<string> {
  try {
    return yield* wait(fetchText(baseUrl + path));
  } catch (error) {
    // `run` threw the request's error in at the `yield` above.
    log(`caught: ${(error as Error).message}`);
    return fallback;
  }
}
// #endregion fallback
