// Serves the built site (dist/) the way a static host does: `/path/` is
// `/path/index.html`, `/path` (a folder without its slash) is redirected to
// `/path/`, unknown paths get 404.html with status 404, and text is sent
// compressed when the browser accepts it. Used by `npm start` (through
// `astro preview`), the browser tests and the Lighthouse check.
import { existsSync, readFileSync, statSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { isLoopbackHost } from "./loopback.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
};

/** Types worth compressing; Pagefind's files are compressed already. */
const COMPRESSIBLE = new Set([
  ".html",
  ".css",
  ".js",
  ".mjs",
  ".json",
  ".svg",
  ".txt",
]);

export type Resolution =
  | { kind: "file"; file: string }
  | { kind: "redirect"; location: string }
  | { kind: "not-found"; file: string | undefined };

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * What a request for `url` gets from the site in `root`: a file, a redirect
 * to the same path with a trailing slash (when that path is a page's
 * folder), or the 404 page.
 */
export function resolveRequest(root: string, url: string): Resolution {
  const notFound: Resolution = {
    kind: "not-found",
    file: isFile(join(root, "404.html")) ? join(root, "404.html") : undefined,
  };
  const queryAt = url.search(/[?#]/);
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : url.slice(queryAt).replace(/#.*$/, "");
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return notFound;
  }
  if (!decoded.startsWith("/") || decoded.includes("\0")) return notFound;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return notFound;
  if (isDirectory(candidate)) {
    const index = join(candidate, "index.html");
    if (!isFile(index)) return notFound;
    if (!pathname.endsWith("/")) {
      // `//evil.example` as a Location would leave the site.
      const location = `/${pathname.replace(/^\/+/, "")}/${query}`;
      return { kind: "redirect", location };
    }
    return { kind: "file", file: index };
  }
  return isFile(candidate) ? { kind: "file", file: candidate } : notFound;
}

function acceptsGzip(request: IncomingMessage): boolean {
  const accepted = request.headers["accept-encoding"];
  return typeof accepted === "string" && /\bgzip\b/.test(accepted);
}

/** The name in a Host header, without its port. */
function hostnameOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return new URL(`http://${header}/`).hostname;
  } catch {
    return undefined;
  }
}

/** A request handler for `node:http` (or a Connect middleware stack). */
export function staticHandler(
  root: string,
): (request: IncomingMessage, response: ServerResponse) => void {
  const normalRoot = normalize(root).replace(/[/\\]+$/, "");
  const compressed = new Map<string, Buffer>();
  return (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, {
        allow: "GET, HEAD",
        "content-type": "text/plain; charset=utf-8",
      });
      response.end("Only GET and HEAD are served here.\n");
      return;
    }
    const resolution = resolveRequest(normalRoot, request.url ?? "/");
    if (resolution.kind === "redirect") {
      response.writeHead(301, {
        location: resolution.location,
        "content-type": "text/plain; charset=utf-8",
      });
      response.end(
        request.method === "HEAD"
          ? undefined
          : `Moved to ${resolution.location}\n`,
      );
      return;
    }
    const status = resolution.kind === "file" ? 200 : 404;
    const file = resolution.file;
    if (file === undefined) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end(request.method === "HEAD" ? undefined : "Not found\n");
      return;
    }
    const extension = extname(file);
    const headers: Record<string, string> = {
      "content-type": CONTENT_TYPES[extension] ?? "application/octet-stream",
      vary: "accept-encoding",
    };
    let body: Buffer = readFileSync(file);
    if (COMPRESSIBLE.has(extension) && acceptsGzip(request)) {
      // A rebuild changes the file's time, so a stale copy is never sent.
      const key = `${file}@${statSync(file).mtimeMs}`;
      let gzipped = compressed.get(key);
      if (!gzipped) {
        gzipped = gzipSync(body);
        compressed.set(key, gzipped);
      }
      body = gzipped;
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = String(body.length);
    response.writeHead(status, headers);
    response.end(request.method === "HEAD" ? undefined : body);
  };
}

export interface StaticSite {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `root` on `host:port` (port 0: a free one). */
export async function serveStatic(
  root: string,
  { host = "127.0.0.1", port = 0 }: { host?: string; port?: number } = {},
): Promise<StaticSite> {
  const handler = staticHandler(root);
  // Served on loopback, the site answers only to loopback names: a page of
  // another site whose name was re-pointed at 127.0.0.1 (DNS rebinding)
  // must not read these pages, which carry the local runner's secret.
  const guarded = isLoopbackHost(host)
    ? (request: IncomingMessage, response: ServerResponse): void => {
        const hostname = hostnameOf(request.headers.host);
        if (hostname !== undefined && isLoopbackHost(hostname)) {
          handler(request, response);
          return;
        }
        response.writeHead(403, {
          "content-type": "text/plain; charset=utf-8",
        });
        response.end(
          `This site answers only to 127.0.0.1 and localhost; the request ` +
            `named ${JSON.stringify(request.headers.host ?? "")}.\n`,
        );
      }
    : handler;
  const server: Server = createServer(guarded);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
