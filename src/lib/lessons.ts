// Finds the lesson folders (`lessons/NN-slug/`) and turns whatever a learner
// types ("1", "01", "sync", "01-sync-vs-async") into one of them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readFrontmatter } from "./frontmatter.ts";

export interface LessonInfo {
  /** The numeric prefix: 1 for `01-sync-vs-async`. */
  number: number;
  /** The name after the prefix: `sync-vs-async`. */
  slug: string;
  /** The folder name: `01-sync-vs-async`. */
  dir: string;
  /** Absolute path of the folder. */
  path: string;
  /** The page's title, or the slug when the page is missing or untitled. */
  title: string;
}

const LESSON_DIR = /^(\d+)-([a-z0-9][a-z0-9-]*)$/;

/** The repository's `lessons/` folder. */
export const DEFAULT_LESSONS_ROOT = resolve(
  import.meta.dirname,
  "../../lessons",
);

/** Every lesson folder under `root`, ordered by number. */
export function discoverLessons(root = DEFAULT_LESSONS_ROOT): LessonInfo[] {
  return lessonFolders(root).filter((lesson) => !isDraft(lesson));
}

/** A lesson folder without its page yet: work in progress, not part of the
 * course (no page, no runner, no checks) until index.mdx lands. */
export function isDraft(lesson: LessonInfo): boolean {
  return !existsSync(join(lesson.path, "index.mdx"));
}

/** Every lesson folder, drafts included, in course order. */
export function lessonFolders(root = DEFAULT_LESSONS_ROOT): LessonInfo[] {
  if (!existsSync(root)) return [];
  const lessons: LessonInfo[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const match = entry.isDirectory() ? LESSON_DIR.exec(entry.name) : null;
    if (!match) continue;
    const path = join(root, entry.name);
    const slug = match[2] ?? "";
    lessons.push({
      number: Number(match[1]),
      slug,
      dir: entry.name,
      path,
      title: readTitle(path) ?? slug,
    });
  }
  return lessons.sort((a, b) => a.number - b.number);
}

function readTitle(lessonPath: string): string | undefined {
  const page = join(lessonPath, "index.mdx");
  if (!existsSync(page)) return undefined;
  try {
    const { title } = readFrontmatter(readFileSync(page, "utf8")).data;
    return typeof title === "string" ? title : undefined;
  } catch {
    // A broken page must not stop the runner; the lesson checker reports it.
    return undefined;
  }
}

/** One line per lesson: number, slug and title, aligned. */
export function formatLessonList(lessons: LessonInfo[]): string {
  const slugWidth = Math.max(0, ...lessons.map((l) => l.slug.length));
  return lessons
    .map((l) => {
      const number = String(l.number).padStart(2);
      return `  ${number}  ${l.slug.padEnd(slugWidth)}  ${l.title}`;
    })
    .join("\n");
}

/**
 * The lesson a learner means by `name`: its number (with or without leading
 * zeros), its slug, its folder name, or a prefix of the slug that only one
 * lesson has. Anything else throws an error that lists the lessons.
 */
export function resolveLesson(lessons: LessonInfo[], name: string): LessonInfo {
  const wanted = name.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) {
    const byNumber = lessons.find((l) => l.number === Number(wanted));
    if (byNumber) return byNumber;
  }
  const exact = lessons.find((l) => l.slug === wanted || l.dir === wanted);
  if (exact) return exact;
  const byPrefix = wanted
    ? lessons.filter(
        (l) => l.slug.startsWith(wanted) || l.dir.startsWith(wanted),
      )
    : [];
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
  if (byPrefix.length > 1) {
    throw new Error(
      `"${name}" could mean more than one lesson:\n${formatLessonList(byPrefix)}`,
    );
  }
  throw new Error(unknownLessonMessage(lessons, name));
}

function unknownLessonMessage(lessons: LessonInfo[], name: string): string {
  if (lessons.length === 0) {
    return `unknown lesson "${name}"; there are no lessons yet`;
  }
  const lines = [
    `unknown lesson "${name}"; the lessons are:`,
    formatLessonList(lessons),
  ];
  const closest = closestLesson(lessons, name);
  if (closest) lines.push(`Did you mean "${closest.slug}"?`);
  return lines.join("\n");
}

/** The lesson whose slug is nearest to `name`, if it is near enough to be a typo. */
function closestLesson(
  lessons: LessonInfo[],
  name: string,
): LessonInfo | undefined {
  const wanted = name.trim().toLowerCase();
  let best: { lesson: LessonInfo; distance: number } | undefined;
  for (const lesson of lessons) {
    // Compare with the slug's start too, so a misspelt prefix ("snyc") counts.
    const distance = Math.min(
      editDistance(wanted, lesson.slug),
      editDistance(wanted, lesson.slug.slice(0, wanted.length)),
    );
    if (!best || distance < best.distance) best = { lesson, distance };
  }
  const tolerance = Math.max(1, Math.floor(wanted.length / 3));
  return best && best.distance <= tolerance ? best.lesson : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(
        (above[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (above[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
