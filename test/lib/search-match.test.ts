import { describe, expect, it } from "vitest";
import {
  isGenuineMatch,
  matchesTerm,
  queryTerms,
  wordForms,
  wordsAt,
} from "../../src/lib/search-match.ts";

describe("matchesTerm", () => {
  it("accepts a word that starts with the query word, as typed so far", () => {
    expect(matchesTerm("serv", "server's")).toBe(true);
    expect(matchesTerm("Server", "server")).toBe(true);
  });

  it("accepts a stemmed match that shares most of the query word", () => {
    expect(matchesTerm("promises", "promise")).toBe(true);
    expect(matchesTerm("awaiting", "await")).toBe(true);
  });

  it("rejects the one-letter word Pagefind falls back to for nonsense", () => {
    expect(matchesTerm("xqzvbnmk", "x")).toBe(false);
    expect(matchesTerm("tzzzzq", "T,")).toBe(false);
    expect(matchesTerm("awaitzzzz", "await")).toBe(false);
  });

  it("looks inside dotted and camelCase words", () => {
    expect(matchesTerm("all", "Promise.all")).toBe(true);
    expect(matchesTerm("all", "startAll")).toBe(true);
    expect(matchesTerm("settled", "allSettled,")).toBe(true);
  });
});

describe("wordForms", () => {
  it("gives the whole word and its parts, normalised", () => {
    expect(wordForms("Promise.allSettled(")).toEqual([
      "promiseallsettled",
      "promise",
      "all",
      "settled",
    ]);
  });
});

describe("isGenuineMatch", () => {
  it("needs every word of the query answered", () => {
    expect(isGenuineMatch("promise all", ["Promise.all"])).toBe(true);
    expect(isGenuineMatch("promise xqzvbnmk", ["Promise.all", "x"])).toBe(
      false,
    );
  });

  it("matches nothing for a query of punctuation only", () => {
    expect(queryTerms(" ?! ")).toEqual([]);
    expect(isGenuineMatch("?!", ["x"])).toBe(false);
  });
});

describe("wordsAt", () => {
  it("reads the words at Pagefind's locations in the page content", () => {
    expect(wordsAt("Start  the\nserver now", [0, 2, 9])).toEqual([
      "Start",
      "server",
    ]);
  });
});
