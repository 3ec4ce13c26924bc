// A mistake the user can fix (a wrong name, no server): printed as a plain
// message, without a stack trace.
export class CliError extends Error {
  override name = "CliError";
  /** The command's exit code: 1, or 2 for a mistake in the command line. */
  readonly exitCode: number = 1;
}

/**
 * Runs a command's main function and turns a thrown error into a message
 * and exit code 1. Set DEBUG=1 to see the stack of unexpected errors.
 */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
    if (error instanceof CliError || !process.env["DEBUG"]) {
      process.stderr.write(`error: ${errorMessage(error)}\n`);
      if (!(error instanceof CliError)) {
        process.stderr.write("(run with DEBUG=1 to see where it happened)\n");
      }
    } else {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    }
  }
}

/** The message of anything thrown, including the cause a fetch failure hides. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
