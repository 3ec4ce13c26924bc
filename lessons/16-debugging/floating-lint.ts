// Finds floating promises with typescript-eslint's `no-floating-promises`:
// a rule that needs the types (is this call's value a promise?), so it runs
// ESLint over a TypeScript program of the files alone, not the whole repo.
import { readFileSync } from "node:fs";
import { ESLint } from "eslint";
import ts from "typescript";
import tseslint from "typescript-eslint";

export interface LintMessage {
  line: number;
  column: number;
  rule: string;
  message: string;
  /** The line of source the message points at, trimmed. */
  source: string;
}

// #region lint
/** What `no-floating-promises` says about each file in `files`. */
export async function lintFloatingPromises(
  files: string[],
): Promise<Map<string, LintMessage[]>> {
  // A program of these files and Node's types: enough for the rule to know
  // which calls return promises, and much quicker than the repo's tsconfig.
  const program = ts.createProgram(files, {
    strict: true,
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    types: ["node"],
  });
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: {
      files: ["**/*.ts"],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { programs: [program] },
      },
      plugins: { "@typescript-eslint": tseslint.plugin },
      rules: { "@typescript-eslint/no-floating-promises": "error" },
    },
  });
  const results = await eslint.lintFiles(files);
  // #endregion
  return new Map(
    results.map((result) => {
      const lines = readFileSync(result.filePath, "utf8").split("\n");
      const messages = result.messages.map((m) => ({
        line: m.line,
        column: m.column,
        rule: m.ruleId ?? "(no rule)",
        message: m.message,
        source: (lines[m.line - 1] ?? "").trim(),
      }));
      return [result.filePath, messages];
    }),
  );
}
