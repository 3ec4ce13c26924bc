// The site's "I have done this lesson" ticks, kept in the browser's
// localStorage as a JSON list of lesson ids. Parsing is forgiving: a value
// written by hand or by an older page must not break every page with ticks.

export const DONE_LESSONS_KEY = "async-io-workshop:done";

export function parseDoneLessons(stored: string | null): Set<string> {
  if (!stored) return new Set();
  try {
    const value: unknown = JSON.parse(stored);
    return new Set(
      Array.isArray(value)
        ? value.filter((id): id is string => typeof id === "string")
        : [],
    );
  } catch {
    return new Set();
  }
}

/** The stored value after marking `id` done or not done. */
export function markLesson(
  stored: string | null,
  id: string,
  done: boolean,
): string {
  const ids = parseDoneLessons(stored);
  if (done) ids.add(id);
  else ids.delete(id);
  return JSON.stringify([...ids].sort());
}

/**
 * Where a returning learner picks up: the first lesson, in course order,
 * not marked done. Undefined when every lesson is done.
 */
export function nextLesson(
  orderedIds: readonly string[],
  done: ReadonlySet<string>,
): string | undefined {
  return orderedIds.find((id) => !done.has(id));
}
