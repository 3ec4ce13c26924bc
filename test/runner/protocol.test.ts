import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DONE_LESSONS_KEY } from "../../src/lib/done-lessons.ts";
import {
  codeSpans,
  encodeEvent,
  eventSplitter,
  parseRunnerConfig,
  RUNNER_META,
  SECRET_HEADER,
  type RunnerEvent,
} from "../../src/lib/runner-protocol.ts";
import { SYNC_SCRIPT, withRunnerMeta } from "../../src/runner/served-site.ts";

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
      /^<!doctype html><html lang="en"><head><meta name="workshop-runner" content="[^"<]*"><script type="module">[^<]*<\/script><title>/,
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

describe("the runner's names, written out where a static page would load more", () => {
  it("are the protocol's", () => {
    const read = (path: string) =>
      readFileSync(new URL(`../../src/${path}`, import.meta.url), "utf8");
    for (const path of [
      "components/RunButton.astro",
      "components/CheckButton.astro",
      "lib/runner-progress-box.ts",
    ]) {
      expect(read(path), path).toContain(`meta[name="${RUNNER_META}"]`);
    }
  });

  it("serve the script that copies a served page's ticks", () => {
    expect(SYNC_SCRIPT).toContain(`meta[name="${RUNNER_META}"]`);
    expect(SYNC_SCRIPT).toContain(`"${SECRET_HEADER}":c.secret`);
    expect(SYNC_SCRIPT).toContain(`"${DONE_LESSONS_KEY}"`);
  });
});
