// What `astro preview` (and so `npm start`) serves the built site with: the
// static server in static-site.ts, which redirects `/lessons/tasks` to
// `/lessons/tasks/` where Astro's own preview answers a bare 404. The
// `static-preview` integration in astro.config.mjs names this module as the
// preview entry point of a static build; it is not used by `astro build`.
import { fileURLToPath } from "node:url";
import { serveStatic } from "./static-site.ts";

interface PreviewOptions {
  outDir: URL;
  host: string | undefined;
  port: number;
}

export default async function preview({ outDir, host, port }: PreviewOptions) {
  const listenHost =
    host === undefined || host === "localhost" ? "127.0.0.1" : host;
  const site = await serveStatic(fileURLToPath(outDir), {
    host: listenHost,
    port,
  });
  process.stdout.write(`Serving dist/ at ${site.url}/\n`);
  const closed = new Promise<void>((resolve, reject) => {
    site.server.once("close", resolve);
    site.server.once("error", reject);
  });
  return {
    host: listenHost,
    port: Number(new URL(site.url).port),
    server: site.server,
    closed: () => closed,
    stop: () => site.close(),
  };
}
