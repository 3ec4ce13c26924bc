// The lesson a command-line argument names, or a CliError listing them all.
import {
  discoverLessons,
  resolveLesson,
  type LessonInfo,
} from "../lib/lessons.ts";
import { CliError } from "./cli-error.ts";

export function findLesson(
  name: string,
  lessons = discoverLessons(),
): LessonInfo {
  try {
    return resolveLesson(lessons, name);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
