// The runner as `npm start` sets it up (and the browser tests do): the
// runner on a free loopback port, and a copy of the built site whose pages
// carry its address and secret.
import { servedCopy, type ServedSite } from "./served-site.ts";
import { startRunner, type Runner, type RunnerOptions } from "./runner.ts";

export interface SiteRunner {
  runner: Runner;
  site: ServedSite;
  close(): Promise<void>;
}

/** The origins a site served on `port` of 127.0.0.1 is reached by. */
export function siteOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export async function startSiteRunner(
  distDir: string,
  options: RunnerOptions = {},
): Promise<SiteRunner> {
  const runner = await startRunner(options);
  let site: ServedSite;
  try {
    site = servedCopy(distDir, runner.config);
  } catch (error) {
    await runner.close();
    throw error;
  }
  return {
    runner,
    site,
    close: async () => {
      await runner.close();
      site.remove();
    },
  };
}
