// A TypeScript module and the local modules it imports, written out as plain
// JavaScript, so that a child process can run them without loading Node's
// TypeScript support. Node 24 strips types with a WebAssembly build of SWC
// (amaro), and every process that loads a .ts file pays for it in memory:
// about 17 MB, which a lean load-testing client cannot afford.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// `from "./x.ts"`, `import "./x.ts"` and `import("./x.ts")`: local imports.
const LOCAL_IMPORT =
  /(\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\.ts\2/g;

/** Strips the types of `source`, without the warning that the API is
 * experimental (it is printed once per process otherwise). */
export function stripTypes(source: string): string {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.includes("stripTypeScriptTypes")) return;
    (emitWarning as (...args: unknown[]) => void).call(
      process,
      warning,
      ...rest,
    );
  }) as typeof process.emitWarning;
  try {
    return stripTypeScriptTypes(source);
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** `source` with its local `.ts` imports pointing at `.mjs` files. */
export function rewriteImports(source: string): string {
  return source.replace(LOCAL_IMPORT, "$1$2$3.mjs$2");
}

/** The local modules `source` imports, as paths relative to it. */
export function localImports(source: string): string[] {
  return [...source.matchAll(LOCAL_IMPORT)].map((m) => `${m[3]}.ts`);
}

export interface PlainJavaScript {
  /** The entry's .mjs file: what to run. */
  entry: string;
  /** The directory that holds the .mjs files: remove it when done. */
  dir: string;
}

/**
 * Writes `entry` (a .ts file) and every local .ts module it imports, as
 * .mjs files, into a fresh directory under the system's temporary one (or
 * `outDir`, which may already hold them: they are replaced file by file).
 * Modules must sit in the entry's folder or below it.
 */
export function writeAsJavaScript(
  entry: string | URL,
  outDir?: string,
): PlainJavaScript {
  const entryPath = entry instanceof URL ? fileURLToPath(entry) : entry;
  const root = dirname(resolve(entryPath));
  const out = outDir ?? mkdtempSync(join(tmpdir(), "plain-js-"));
  const done = new Set<string>();
  const pending = [resolve(entryPath)];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (done.has(path)) continue;
    done.add(path);
    if (!path.startsWith(`${root}/`)) {
      throw new Error(`${path} is outside ${root}`);
    }
    const javascript = stripTypes(readFileSync(path, "utf8"));
    for (const relative of localImports(javascript)) {
      pending.push(resolve(dirname(path), relative));
    }
    const target = join(out, path.slice(root.length + 1)).replace(
      /\.ts$/,
      ".mjs",
    );
    mkdirSync(dirname(target), { recursive: true });
    // Written beside, then renamed over: a process that imports the file
    // while another one writes it sees the old file or the new, never half.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, rewriteImports(javascript));
    renameSync(partial, target);
  }
  return {
    entry: join(out, basename(entryPath).replace(/\.ts$/, ".mjs")),
    dir: out,
  };
}
