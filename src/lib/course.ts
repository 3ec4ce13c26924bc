// The shape of the course as the site shows it: lessons in order, their
// URLs, neighbours and the workshop schedule. Pure functions over lesson
// metadata, so pages stay views.

/** What the site needs of a lesson entry (a subset of the collection entry). */
export interface LessonLike {
  /** Folder name, e.g. "01-sync-vs-async". */
  id: string;
  data: { order: number; title: string; minutes: number };
}

const FOLDER_NAME = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

function parseFolder(id: string): { number: number; slug: string } {
  const match = FOLDER_NAME.exec(id);
  if (!match?.[1] || !match[2]) {
    throw new Error(
      `lesson folder "${id}" should be named NN-slug, e.g. 01-sync-vs-async`,
    );
  }
  return { number: Number(match[1]), slug: match[2] };
}

/** "01-sync-vs-async" -> "sync-vs-async" (the page's URL segment). */
export function lessonSlug(id: string): string {
  return parseFolder(id).slug;
}

/** "01-sync-vs-async" -> 1 (what `npm run lesson -- <n>` takes). */
export function lessonNumber(id: string): number {
  return parseFolder(id).number;
}

export function lessonHref(id: string): string {
  return `/lessons/${lessonSlug(id)}/`;
}

/**
 * Lessons sorted by `order`, after checking that each `order` matches its
 * folder prefix and that no two lessons share a number or a slug: either
 * would give two pages one place in the course.
 */
export function orderLessons<T extends LessonLike>(lessons: readonly T[]): T[] {
  const numbers = new Map<number, string>();
  const slugs = new Map<string, string>();
  for (const lesson of lessons) {
    const { number, slug } = parseFolder(lesson.id);
    if (lesson.data.order !== number) {
      throw new Error(
        `lesson ${lesson.id}: frontmatter order ${lesson.data.order} ` +
          `does not match the folder prefix ${number}`,
      );
    }
    const sameNumber = numbers.get(number);
    if (sameNumber) {
      throw new Error(
        `lessons ${sameNumber} and ${lesson.id} share number ${number}`,
      );
    }
    const sameSlug = slugs.get(slug);
    if (sameSlug) {
      throw new Error(
        `lessons ${sameSlug} and ${lesson.id} share slug "${slug}"`,
      );
    }
    numbers.set(number, lesson.id);
    slugs.set(slug, lesson.id);
  }
  return [...lessons].sort((a, b) => a.data.order - b.data.order);
}

/** The lessons before and after `id` in an ordered list. */
export function neighbours<T extends LessonLike>(
  ordered: readonly T[],
  id: string,
): { previous: T | undefined; next: T | undefined } {
  const index = ordered.findIndex((lesson) => lesson.id === id);
  if (index === -1) throw new Error(`no lesson ${id}`);
  return { previous: ordered[index - 1], next: ordered[index + 1] };
}

export function totalMinutes(lessons: readonly LessonLike[]): number {
  return lessons.reduce((sum, lesson) => sum + lesson.data.minutes, 0);
}

/** 545 -> "09:05"; wraps past midnight. */
export function formatClock(minutesSinceMidnight: number): string {
  const minutes = ((minutesSinceMidnight % 1440) + 1440) % 1440;
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** "09:30" -> 570. */
export function parseClock(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    throw new Error(`not a clock time: "${clock}" (expected HH:MM)`);
  }
  return hours * 60 + minutes;
}

/** When each of back-to-back sessions of these lengths starts and ends. */
export function runningClock(
  start: string,
  minutes: readonly number[],
): { starts: string; ends: string }[] {
  let clock = parseClock(start);
  return minutes.map((length) => {
    const times = {
      starts: formatClock(clock),
      ends: formatClock(clock + length),
    };
    clock += length;
    return times;
  });
}

export interface ScheduleSlot<T> {
  /** A lesson, or a break between lessons. */
  item: { kind: "lesson"; lesson: T } | { kind: "break"; minutes: number };
  starts: string;
  ends: string;
}

/**
 * A running clock through the lessons from `start`, with a break of
 * `breakMinutes` after every `breakEvery` lessons (never after the last).
 */
export function buildSchedule<T extends LessonLike>(
  ordered: readonly T[],
  options: { start: string; breakEvery: number; breakMinutes: number },
): ScheduleSlot<T>[] {
  const items: ScheduleSlot<T>["item"][] = ordered.flatMap((lesson, index) => {
    const isLast = index === ordered.length - 1;
    const breakAfter = !isLast && (index + 1) % options.breakEvery === 0;
    return [
      { kind: "lesson" as const, lesson },
      ...(breakAfter
        ? [{ kind: "break" as const, minutes: options.breakMinutes }]
        : []),
    ];
  });
  const times = runningClock(
    options.start,
    items.map((item) =>
      item.kind === "lesson" ? item.lesson.data.minutes : item.minutes,
    ),
  );
  return items.map((item, index) => ({
    item,
    starts: times[index]?.starts ?? "",
    ends: times[index]?.ends ?? "",
  }));
}

/**
 * Whether a page's MDX uses `<Name ...>` itself, so the layout does not add a
 * second copy of a box the author already placed.
 */
export function usesComponent(body: string | undefined, name: string): boolean {
  return new RegExp(`<${name}[\\s/>]`).test(body ?? "");
}
