import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  resolveRequest,
  serveStatic,
  type StaticSite,
} from "../../src/lib/static-site.ts";

let root = "";
let site: StaticSite | undefined;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "static-site-"));
  mkdirSync(join(root, "lessons", "tasks"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<h1>Home</h1>");
  writeFileSync(join(root, "lessons", "tasks", "index.html"), "<h1>Tasks</h1>");
  writeFileSync(join(root, "404.html"), "<h1>Page not found</h1>");
  writeFileSync(join(root, "site.css"), `body { color: red; }\n`.repeat(50));
  site = await serveStatic(root);
});

afterAll(async () => {
  await site?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request, so redirects are seen and nothing is decompressed. */
function get(
  path: string,
  {
    method = "GET",
    headers = {},
  }: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(site?.url ?? "");
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path, method, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("resolveRequest", () => {
  it("serves a folder's index.html at the address with the slash", () => {
    expect(resolveRequest(root, "/lessons/tasks/")).toEqual({
      kind: "file",
      file: join(root, "lessons", "tasks", "index.html"),
    });
  });

  it("redirects a folder's address without the slash, keeping the query", () => {
    expect(resolveRequest(root, "/lessons/tasks?x=1#top")).toEqual({
      kind: "redirect",
      location: "/lessons/tasks/?x=1",
    });
  });

  it("never redirects off the site", () => {
    const answer = resolveRequest(root, "//lessons/tasks");
    expect(answer).toEqual({ kind: "redirect", location: "/lessons/tasks/" });
  });

  it("gives the 404 page for unknown paths and paths out of the folder", () => {
    const notFound = { kind: "not-found", file: join(root, "404.html") };
    expect(resolveRequest(root, "/lessons/nope")).toEqual(notFound);
    expect(resolveRequest(root, "/../../etc/passwd")).toEqual(notFound);
    expect(resolveRequest(root, "/%2e%2e/%2e%2e/etc/passwd")).toEqual(notFound);
    expect(resolveRequest(root, "/%E0%A4%A")).toEqual(notFound);
  });
});

describe("serveStatic", () => {
  it("answers a page's address without the slash with a 301 to it", async () => {
    const answer = await get("/lessons/tasks");
    expect(answer.status).toBe(301);
    expect(answer.headers["location"]).toBe("/lessons/tasks/");
  });

  it("answers an unknown address with the 404 page and status 404", async () => {
    const answer = await get("/lessons/nope/");
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toMatch(/^text\/html/);
    expect(answer.body.toString()).toContain("Page not found");
  });

  it("compresses text when the browser accepts gzip", async () => {
    const plain = await get("/site.css");
    const zipped = await get("/site.css", {
      headers: { "accept-encoding": "gzip, br" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(plain.headers["content-length"]).toBe(String(plain.body.length));
  });

  it("answers HEAD with the headers only", async () => {
    const answer = await get("/lessons/tasks/", { method: "HEAD" });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
    expect(Number(answer.headers["content-length"])).toBeGreaterThan(0);
  });

  it("answers only to loopback names in Host (DNS rebinding)", async () => {
    for (const host of ["evil.example", "evil.example:4321"]) {
      const answer = await get("/", { headers: { host } });
      expect(answer.status, `Host: ${host}`).toBe(403);
      expect(answer.body.toString()).toMatch(/only to 127\.0\.0\.1/);
    }
    for (const host of ["localhost:4321", "127.0.0.1", "[::1]:80"]) {
      const answer = await get("/", { headers: { host } });
      expect(answer.status, `Host: ${host}`).toBe(200);
    }
  });

  it("refuses to change anything", async () => {
    const answer = await get("/", { method: "POST" });
    expect(answer.status).toBe(405);
    expect(answer.headers["allow"]).toBe("GET, HEAD");
  });
});
