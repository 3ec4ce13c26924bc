// Which of Pagefind's results really match what was typed. When no indexed
// word starts with a query word (after stemming), Pagefind retries with
// shorter and shorter beginnings of it, down to one letter, so a nonsense
// query such as "xqzvbnmk" matched every page with the variable `x` in its
// code. A result is kept only if, for every word of the query, the page has
// a matched word that shares most of that query word's beginning.

/** Letters and digits only, lower case: how words are compared. */
export function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The words of a query, normalised; punctuation alone is no word. */
export function queryTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .map(normaliseWord)
    .filter((term) => term !== "");
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) {
    length++;
  }
  return length;
}

/**
 * A matched word and its parts, the way Pagefind also indexes them:
 * "Promise.all" is "promiseall", "promise" and "all"; "startAll" is
 * "startall", "start" and "all".
 */
export function wordForms(word: string): string[] {
  const parts = word
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .map(normaliseWord);
  return [...new Set([normaliseWord(word), ...parts])].filter(
    (form) => form !== "",
  );
}

/**
 * Whether `word` (a word Pagefind matched in a page) answers `term` (a word
 * of the query): the word or one of its parts starts with the term, as in a
 * search as you type, or shares at least three letters and three fifths of
 * the term's beginning, as a stemmed match does ("promises" and "promise").
 */
export function matchesTerm(term: string, word: string): boolean {
  const query = normaliseWord(term);
  if (query === "") return false;
  const needed = Math.max(3, Math.ceil(query.length * 0.6));
  return wordForms(word).some(
    (form) =>
      form.startsWith(query) || commonPrefixLength(query, form) >= needed,
  );
}

/** Whether every word of `query` is answered by one of `matchedWords`. */
export function isGenuineMatch(
  query: string,
  matchedWords: readonly string[],
): boolean {
  const terms = queryTerms(query);
  if (terms.length === 0) return false;
  return terms.every((term) =>
    matchedWords.some((word) => matchesTerm(term, word)),
  );
}

/**
 * The words at `locations` in a page's `content`, as Pagefind counts them
 * (its locations index the content split at white space).
 */
export function wordsAt(
  content: string,
  locations: readonly number[],
): string[] {
  const words = content.split(/\s+/).filter((word) => word !== "");
  return locations
    .map((location) => words[location])
    .filter((word): word is string => word !== undefined);
}
