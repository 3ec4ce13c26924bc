// Predict-the-order quizzes: the lines of a recorded run, shuffled, for the
// learner to put back in the order the run printed them. The page builds a
// quiz at build time (`buildQuiz`, which fails the build when a line has no
// reason); the browser moves lines (`moveLine`, `quizKeyAction`) and grades
// them (`gradeOrder`). Nothing here touches the DOM or Node, so the same
// module runs in both.
import { mulberry32 } from "../server/prng.ts";

/** What a page says about one quiz (the props of `<OrderQuiz>`). */
export interface OrderQuizSpec {
  /** The recorded run whose output is the answer. */
  run: string;
  /**
   * A heading line of the output (compared without its indentation): the
   * quiz takes the lines indented under it.
   */
  section?: string | undefined;
  /** Or a range of output lines, 1-based and inclusive: "1-7". */
  lines?: string | undefined;
  /**
   * A regular expression (source text) for the parts of a line the quiz
   * hides, such as measured durations that would give the order away.
   */
  mask?: string | undefined;
  /**
   * Why each line comes where it does, keyed by a stable part of the line
   * (or the whole line as shown). Every line needs exactly one.
   */
  reasons: Record<string, string>;
}

/** One line of a quiz, in the order the run printed it. */
export interface QuizLine {
  /** The line as the quiz shows it: no indentation, numbering or masked text. */
  label: string;
  /** The line exactly as recorded. */
  recorded: string;
  /** The key of `reasons` that matched the line. */
  key: string;
  reason: string;
}

export interface BuiltQuiz {
  /** A stable id for the page (element ids, the saved order). */
  id: string;
  /** The lines in the recorded order: the answer. */
  answer: QuizLine[];
  /** The order the quiz starts in, as indices into `answer`. */
  shuffled: number[];
}

/** What the learner's order earns. */
export interface Grade {
  correct: boolean;
  inPlace: number;
  total: number;
  /** One entry per place, in the learner's order. */
  lines: LineGrade[];
}

export interface LineGrade {
  /** Index of the line in `answer`. */
  line: number;
  inPlace: boolean;
  /** The places (1-based) where a line that reads like this one belongs. */
  belongsAt: number[];
}

/** The smallest quiz worth shuffling. */
export const MIN_QUIZ_LINES = 3;

const MASK_TEXT = "…";

function quizName(spec: Pick<OrderQuizSpec, "run" | "section" | "lines">) {
  const part = spec.section ?? spec.lines;
  return part === undefined
    ? `quiz on run "${spec.run}"`
    : `quiz on run "${spec.run}" (${spec.section === undefined ? "lines" : "section"} "${part}")`;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The recorded lines a quiz is about, in the recorded order. */
export function selectLines(
  output: readonly string[],
  spec: Pick<OrderQuizSpec, "run" | "section" | "lines">,
): string[] {
  const name = quizName(spec);
  if (spec.section !== undefined && spec.lines !== undefined) {
    throw new Error(`${name}: give section or lines, not both`);
  }
  let selected: string[];
  if (spec.section !== undefined) {
    const heading = spec.section.trim();
    const at = output.flatMap((line, i) =>
      line.trim() === heading ? [i] : [],
    );
    if (at.length !== 1) {
      throw new Error(
        `${name}: the output has ${at.length === 0 ? "no" : at.length} ` +
          `line(s) reading "${heading}"; section must name exactly one`,
      );
    }
    const start = at[0] ?? 0;
    const indent = indentOf(output[start] ?? "");
    selected = [];
    for (const line of output.slice(start + 1)) {
      if (line.trim() === "" || indentOf(line) <= indent) break;
      selected.push(line);
    }
  } else if (spec.lines !== undefined) {
    const range = /^(\d+)-(\d+)$/.exec(spec.lines.trim());
    const first = Number(range?.[1]);
    const last = Number(range?.[2]);
    if (!range || first < 1 || last < first || last > output.length) {
      throw new Error(
        `${name}: lines must be "first-last", 1-based, within the ` +
          `${output.length} lines of the output`,
      );
    }
    selected = output.slice(first - 1, last);
    const blank = selected.findIndex((line) => line.trim() === "");
    if (blank >= 0) {
      throw new Error(`${name}: output line ${first + blank} is blank`);
    }
  } else {
    selected = output.filter((line) => line.trim() !== "");
  }
  if (selected.length < MIN_QUIZ_LINES) {
    throw new Error(
      `${name}: ${selected.length} line(s) is too few to put in order ` +
        `(at least ${MIN_QUIZ_LINES})`,
    );
  }
  return selected;
}

/** A recorded line as the quiz shows it. */
export function labelOf(line: string, mask?: string): string {
  // The run's own numbering would give the order away.
  const bare = line.trim().replace(/^\d+\.\s+/, "");
  if (mask === undefined || mask === "") return bare;
  return bare.replace(new RegExp(mask, "g"), MASK_TEXT);
}

/**
 * The key of `reasons` for each label: the key equal to the label, or else
 * the one key the label contains. Throws, naming every line without a
 * reason, every line with two, and every key that matches nothing.
 */
export function matchReasons(
  labels: readonly string[],
  reasons: Readonly<Record<string, string>>,
  name = "quiz",
): string[] {
  const keys = Object.keys(reasons);
  const problems: string[] = [];
  const matched = labels.map((label) => {
    if (keys.includes(label)) return label;
    const inside = keys.filter((key) => key !== "" && label.includes(key));
    if (inside.length === 0) {
      problems.push(
        `line "${label}" has no reason: add a key to reasons that is ` +
          `part of it`,
      );
    } else if (inside.length > 1) {
      problems.push(
        `line "${label}" matches more than one key of reasons: ` +
          inside.map((key) => `"${key}"`).join(", "),
      );
    }
    return inside[0] ?? "";
  });
  for (const key of keys) {
    if (!matched.includes(key)) {
      problems.push(`reason "${key}" matches no line of the quiz`);
    } else if ((reasons[key] ?? "").trim() === "") {
      problems.push(`reason "${key}" is empty`);
    }
  }
  if (problems.length > 0) throw new Error(`${name}: ${problems.join("; ")}`);
  return matched;
}

/** FNV-1a, 32 bits: a seed from a string. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function outOfPlace(order: readonly number[], labels: readonly string[]) {
  return order.filter((line, place) => labels[line] !== labels[place]).length;
}

/**
 * A shuffled order of the lines (indices), the same for the same seed, and
 * never the answer itself: lines that read the same are interchangeable, so
 * at least one place must show a different line. The first shuffle that
 * moves at least half of the lines is taken.
 */
export function seededShuffle(
  labels: readonly string[],
  seed: string,
): number[] {
  let best: number[] | undefined;
  let bestMoved = 0;
  for (let attempt = 0; attempt < 100; attempt++) {
    const random = mulberry32(hashSeed(`${seed}#${attempt}`));
    const order = labels.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const moved = outOfPlace(order, labels);
    if (moved * 2 >= labels.length) return order;
    if (moved > bestMoved) [best, bestMoved] = [order, moved];
  }
  if (!best) {
    throw new Error(
      `quiz "${seed}": every line reads the same, so no order is wrong`,
    );
  }
  return best;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The quiz a page shows for a recorded run. Throws if it cannot be built. */
export function buildQuiz(
  output: readonly string[],
  spec: OrderQuizSpec,
): BuiltQuiz {
  const name = quizName(spec);
  const recorded = selectLines(output, spec);
  if (spec.mask !== undefined) {
    try {
      new RegExp(spec.mask, "g");
    } catch (error) {
      throw new Error(`${name}: mask: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const labels = recorded.map((line) => labelOf(line, spec.mask));
  const keys = matchReasons(labels, spec.reasons, name);
  const part = spec.section ?? spec.lines ?? "";
  const id = slug(`quiz ${spec.run} ${part}`);
  return {
    id,
    answer: recorded.map((line, i) => ({
      label: labels[i] ?? "",
      recorded: line,
      key: keys[i] ?? "",
      reason: spec.reasons[keys[i] ?? ""] ?? "",
    })),
    shuffled: seededShuffle(labels, `${spec.run} ${part}`),
  };
}

/**
 * The places (indices into `ranks`) of one longest strictly increasing run
 * of ranks, not necessarily adjacent: the lines that are already in order
 * with each other.
 */
export function longestInOrder(ranks: readonly number[]): Set<number> {
  // tails[k]: the place whose rank ends the best run of length k + 1.
  const tails: number[] = [];
  const previous: number[] = ranks.map(() => -1);
  for (const [place, rank] of ranks.entries()) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((ranks[tails[middle] ?? 0] ?? 0) < rank) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[place] = tails[low - 1] ?? -1;
    tails[low] = place;
  }
  const kept = new Set<number>();
  for (
    let place = tails.at(-1) ?? -1;
    place >= 0;
    place = previous[place] ?? -1
  ) {
    kept.add(place);
  }
  return kept;
}

/**
 * The learner's order graded against the recorded one. A line is out of
 * place unless it belongs to the largest set of lines that are already in
 * the recorded order with each other: those are the lines to move, so one
 * line put wrong is one line marked, not every line it pushed along. Lines
 * that read the same are interchangeable.
 */
export function gradeOrder(
  order: readonly number[],
  labels: readonly string[],
): Grade {
  // Each shown line's place in the answer; the k-th of several lines that
  // read the same takes the k-th of their places.
  const taken = new Map<string, number>();
  const ranks = order.map((line) => {
    const label = labels[line] ?? "";
    const seen = taken.get(label) ?? 0;
    taken.set(label, seen + 1);
    const places = labels.flatMap((other, i) => (other === label ? [i] : []));
    return places[seen] ?? line;
  });
  const kept = longestInOrder(ranks);
  const lines = order.map((line, place) => ({
    line,
    inPlace: kept.has(place),
    belongsAt: labels.flatMap((label, i) =>
      label === labels[line] ? [i + 1] : [],
    ),
  }));
  return {
    correct: kept.size === order.length,
    inPlace: kept.size,
    total: order.length,
    lines,
  };
}

/** The order with the line at place `from` moved to place `to`. */
export function moveLine(
  order: readonly number[],
  from: number,
  to: number,
): number[] {
  const next = [...order];
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [line] = next.splice(from, 1);
  if (line !== undefined) next.splice(target, 0, line);
  return next;
}

/** A saved order if it is one of these lines (a permutation of 0..n-1). */
export function parseSavedOrder(
  stored: string | null,
  count: number,
): number[] | undefined {
  if (!stored) return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (
      Array.isArray(value) &&
      value.length === count &&
      value.every((n) => Number.isInteger(n)) &&
      new Set(value).size === count &&
      value.every((n: number) => n >= 0 && n < count)
    ) {
      return value as number[];
    }
  } catch {
    // A value written by hand or an older page: start afresh.
  }
  return undefined;
}

export type QuizKeyAction =
  | { kind: "focus"; to: "previous" | "next" | "first" | "last" }
  | { kind: "move"; to: "previous" | "next" | "first" | "last" }
  | { kind: "grab" }
  | { kind: "cancel" };

/**
 * What a key does on a line of the quiz. Arrows move the focus, or the line
 * once it is picked up (Space or Enter) or with Alt held; Escape puts a
 * picked-up line back.
 */
export function quizKeyAction(
  key: string,
  state: { grabbed: boolean; altKey: boolean },
): QuizKeyAction | undefined {
  const kind = state.grabbed || state.altKey ? "move" : "focus";
  switch (key) {
    case "ArrowUp":
      return { kind, to: "previous" };
    case "ArrowDown":
      return { kind, to: "next" };
    case "Home":
      return { kind, to: "first" };
    case "End":
      return { kind, to: "last" };
    case " ":
    case "Enter":
      return { kind: "grab" };
    case "Escape":
      return state.grabbed ? { kind: "cancel" } : undefined;
    default:
      return undefined;
  }
}

/** The place a focus or move goes to, clamped to the list. */
export function targetPlace(
  from: number,
  to: "previous" | "next" | "first" | "last",
  count: number,
): number {
  const place =
    to === "first"
      ? 0
      : to === "last"
        ? count - 1
        : from + (to === "next" ? 1 : -1);
  return Math.max(0, Math.min(count - 1, place));
}

/** What the live region says, so a screen reader follows each move. */
export const announce = {
  grabbed: (label: string, place: number, count: number) =>
    `Picked up "${label}", line ${place + 1} of ${count}. ` +
    `Up and down arrows move it, Space or Enter drops it, Escape puts it back.`,
  moved: (label: string, place: number, count: number) =>
    `"${label}", line ${place + 1} of ${count}.`,
  dropped: (label: string, place: number, count: number) =>
    `Dropped "${label}" at line ${place + 1} of ${count}.`,
  cancelled: (label: string, place: number, count: number) =>
    `Put "${label}" back at line ${place + 1} of ${count}.`,
  graded: (grade: Grade) =>
    grade.correct
      ? `Right: all ${grade.total} lines are in the order the run printed them.`
      : `${grade.inPlace} of ${grade.total} lines are in order. ` +
        `The lines out of place say why.`,
};

/** "line 3", or "line 3 or 5" for lines that read the same. */
export function belongsText(belongsAt: readonly number[]): string {
  if (belongsAt.length <= 1) return `line ${belongsAt[0] ?? "?"}`;
  return `line ${belongsAt.slice(0, -1).join(", ")} or ${belongsAt.at(-1)}`;
}
