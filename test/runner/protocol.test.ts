import { describe, expect, it } from "vitest";
import {
  codeSpans,
  encodeEvent,
  eventSplitter,
  parseRunnerConfig,
  type RunnerEvent,
} from "../../src/lib/runner-protocol.ts";
import { withRunnerMeta } from "../../src/runner/served-site.ts";

describe("the runner config a served page carries", () => {
  it("reads a config with an http URL and a secret, without the URL's slash", () => {
    expect(
      parseRunnerConfig('{"url":"http://127.0.0.1:5000/","secret":"s"}'),
    ).toEqual({ url: "http://127.0.0.1:5000", secret: "s" });
  });

  it("ignores a missing, broken or incomplete config", () => {
    for (const content of [
      null,
      "",
      "{",
      '{"url":"http://127.0.0.1:5000"}',
      '{"url":"javascript:alert(1)","secret":"s"}',
    ]) {
      expect(parseRunnerConfig(content), String(content)).toBeUndefined();
    }
  });

  it("goes first in the page's head, escaped, and round-trips", () => {
    const config = { url: "http://127.0.0.1:5000", secret: 'a"<b' };
    const html = withRunnerMeta(
      '<!doctype html><html lang="en"><head><title>x</title></head></html>',
      config,
    );
    expect(html).toMatch(
      /^<!doctype html><html lang="en"><head><meta name="workshop-runner" content="[^"<]*"><title>/,
    );
    const content = /content="([^"]*)"/.exec(html)?.[1] ?? "";
    const decoded = content.replaceAll("&quot;", '"').replaceAll("&lt;", "<");
    expect(parseRunnerConfig(decoded.replaceAll("&amp;", "&"))).toEqual(config);
  });
});

describe("the event stream", () => {
  it("gives each event once its line is complete, across chunk boundaries", () => {
    const events: RunnerEvent[] = [
      { type: "start", run: "a", title: "A" },
      { type: "line", text: "hello\nworld" },
      { type: "end", wallMs: 12 },
    ];
    const text = events.map(encodeEvent).join("");
    const split = eventSplitter();
    const seen: RunnerEvent[] = [];
    for (let at = 0; at < text.length; at += 7) {
      seen.push(...split(text.slice(at, at + 7)));
    }
    expect(seen).toEqual(events);
  });
});

describe("codeSpans", () => {
  it("separates `code` from the text around it", () => {
    expect(codeSpans("use `Promise.all` here")).toEqual([
      { code: false, text: "use " },
      { code: true, text: "Promise.all" },
      { code: false, text: " here" },
    ]);
  });
});

describe("the names every page's progress marks use", () => {
  it("are the protocol's, written out in the components", async () => {
    const { readFileSync } = await import("node:fs");
    const { RUNNER_META, SECRET_HEADER } =
      await import("../../src/lib/runner-protocol.ts");
    const read = (name: string) =>
      readFileSync(
        new URL(`../../src/components/${name}.astro`, import.meta.url),
        "utf8",
      );
    for (const name of ["ProgressMarks", "RunButton", "CheckButton"]) {
      expect(read(name), name).toContain(`meta[name="${RUNNER_META}"]`);
    }
    expect(read("ProgressMarks")).toContain(`"${SECRET_HEADER}": secret`);
  });
});
