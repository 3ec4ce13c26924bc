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
import { DONE_LESSONS_KEY } from "../lib/done-lessons.ts";
import {
  RUNNER_META,
  SECRET_HEADER,
  type RunnerConfig,
} from "../lib/runner-protocol.ts";

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

/**
 * A served page's ticks (ProgressMarks.astro reads them from localStorage)
 * come from the progress file: this script copies its done lessons there
 * and tells the page, once the page's own scripts listen. Only served pages
 * carry it, so a static page ships no JavaScript for the runner.
 */
export const SYNC_SCRIPT =
  '<script type="module">' +
  `const c=JSON.parse(document.querySelector('meta[name="${RUNNER_META}"]').content);` +
  `fetch(c.url+"/progress",{headers:{"${SECRET_HEADER}":c.secret},cache:"no-store"})` +
  ".then(r=>r.ok?r.json():Promise.reject()).then(p=>{" +
  `localStorage.setItem("${DONE_LESSONS_KEY}",JSON.stringify(p.done??[]));` +
  'const t=()=>document.dispatchEvent(new Event("site:progress"));' +
  'document.readyState==="loading"?document.addEventListener("DOMContentLoaded",t):t()' +
  "}).catch(()=>{})</script>";

/** The page's HTML with the runner's `<meta>` (and the script that reads
 * the progress file's ticks) first in its head. */
export function withRunnerMeta(html: string, config: RunnerConfig): string {
  const meta =
    `<meta name="${RUNNER_META}" ` +
    `content="${escapeAttribute(JSON.stringify(config))}">` +
    SYNC_SCRIPT;
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
