// Which entry of a lesson's table of contents is the section being read.

export interface SectionView {
  /** Each heading's top edge, relative to the top of the window (CSS px),
   * in the order of the page. */
  headingTops: readonly number[];
  /** How far down the window a heading must have come to count as the
   * start of what is being read (below the sticky header). */
  readingLine: number;
  /** Whether the page is scrolled to its end, where the last sections may
   * be too short to reach the reading line. */
  atEnd: boolean;
}

/**
 * The index of the section in view: the last heading at or above the
 * reading line; the last one at the end of the page; -1 above the first.
 */
export function currentSection({
  headingTops,
  readingLine,
  atEnd,
}: SectionView): number {
  if (headingTops.length === 0) return -1;
  if (atEnd) return headingTops.length - 1;
  let current = -1;
  headingTops.forEach((top, index) => {
    if (top <= readingLine) current = index;
  });
  return current;
}
