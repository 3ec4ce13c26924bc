// The URL a load tool is pointed at: one plain-HTTP URL on this machine,
// unless the user says the server is theirs to load (`--allow-remote`).
import { isLoopbackHost } from "../lib/loopback.ts";
import { usageError, type CommandSpec, type OptionSpec } from "./args.ts";

export interface TargetRules {
  /** A URL to suggest when none is given. */
  example: string;
  /** Whether `--allow-remote` was given. */
  allowRemote: boolean;
  /** What goes to loopback, e.g. "a load test is sent". */
  sends: string;
}

/** The URL in `raw`, or a usage error that says what is wrong with it. */
export function loadTarget<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  raw: string | undefined,
  rules: TargetRules,
): URL {
  if (raw === undefined) {
    throw usageError(spec, `which URL? e.g. ${rules.example}`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(spec, `not a URL: ${raw}`);
  }
  if (url.protocol !== "http:") {
    throw usageError(
      spec,
      `only http:// URLs (plain HTTP/1.1), not ${url.protocol}`,
    );
  }
  if (!isLoopbackHost(url.hostname) && !rules.allowRemote) {
    throw usageError(
      spec,
      `${url.hostname} is not this machine: ${rules.sends} to loopback ` +
        "(127.0.0.1, localhost, ::1)\nunless you add --allow-remote, for a " +
        "server that is yours to load",
    );
  }
  return url;
}
