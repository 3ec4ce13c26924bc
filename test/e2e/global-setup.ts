// Builds the site once and serves dist/ for every browser test file.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { serveStatic } from "./static-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = project.config.root;
  const dist = resolve(root, "dist");
  const skipBuild = process.env["E2E_SKIP_BUILD"] === "1" && existsSync(dist);
  if (!skipBuild) {
    const build = spawnSync("npm", ["run", "build"], {
      cwd: root,
      stdio: "inherit",
    });
    if (build.status !== 0) {
      throw new Error(`npm run build failed (exit ${build.status})`);
    }
  }
  if (!existsSync(resolve(dist, "index.html"))) {
    throw new Error(`no built site in ${dist}: run npm run build`);
  }
  const site = await serveStatic(dist);
  project.provide("siteUrl", site.url);
  project.provide("distDir", dist);
  return () => site.close();
}
