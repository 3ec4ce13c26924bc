// The copy of the built site that `npm start` serves: dist/ as built, each
// page with one `<meta>` more that names the local runner and carries its
// per-start secret. dist/ itself stays as built, so a static copy of the
// site has no runner config, shows no Run or Check buttons, and breaks
// nothing.
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUNNER_META, type RunnerConfig } from "../lib/runner-protocol.ts";

export interface ServedSite {
  /** The folder to serve. */
  dir: string;
  /** Removes the folder (the secret in it is of no use once stopped). */
  remove(): void;
}

function escapeAttribute(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("<", "&lt;");
}

/** The page's HTML with the runner's `<meta>` first in its head. */
export function withRunnerMeta(html: string, config: RunnerConfig): string {
  const meta =
    `<meta name="${RUNNER_META}" ` +
    `content="${escapeAttribute(JSON.stringify(config))}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${meta}${html.slice(at)}`;
}

/** A private copy of `distDir` whose pages name the runner. */
export function servedCopy(distDir: string, config: RunnerConfig): ServedSite {
  const dir = mkdtempSync(join(tmpdir(), "workshop-site-"));
  cpSync(distDir, dir, { recursive: true });
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(entry.parentPath, entry.name);
    writeFileSync(file, withRunnerMeta(readFileSync(file, "utf8"), config));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
