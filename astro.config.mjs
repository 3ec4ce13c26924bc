// @ts-check
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { satteri } from "@astrojs/markdown-satteri";
import { remarkLessonDir } from "./src/lib/remark-lesson-dir.ts";
import { remarkExerciseHeading } from "./src/lib/remark-exercise-heading.ts";
import { rehypeTableCorner } from "./src/lib/rehype-table-corner.ts";
import { rehypeTableScroll } from "./src/lib/rehype-table-scroll.ts";
import { CODE_THEMES } from "./src/lib/highlight.ts";

/**
 * `astro preview` (run by `npm start`) serves dist/ with
 * src/lib/preview-server.ts, the same static server the browser tests use:
 * it redirects a page's address without its trailing slash to the page,
 * where Astro's own preview answers a bare 404. Set for `preview` only.
 * @returns {import("astro").AstroIntegration}
 */
function staticPreview() {
  /** @type {string | undefined} */
  let command;
  return {
    name: "static-preview",
    hooks: {
      "astro:config:setup": (options) => {
        command = options.command;
      },
      "astro:config:done": ({ setAdapter }) => {
        if (command !== "preview") return;
        setAdapter({
          name: "static-preview",
          previewEntrypoint: fileURLToPath(
            new URL("./src/lib/preview-server.ts", import.meta.url),
          ),
          entrypointResolution: "auto",
          adapterFeatures: { buildOutput: "static" },
          // Serving files is all it does; the images were made by the build.
          supportedAstroFeatures: {
            staticOutput: "stable",
            sharpImageService: "stable",
          },
        });
      },
    },
  };
}

export default defineConfig({
  trailingSlash: "always",
  markdown: {
    // Astro's default Markdown pipeline. The mdast plugins tell lesson
    // components which folder their page is in and give every exercise one
    // page heading; the hast plugins keep empty table corners from being
    // blank column headings and let a wide table scroll on its own.
    processor: satteri({
      mdastPlugins: [remarkLessonDir, remarkExerciseHeading],
      hastPlugins: [rehypeTableCorner, rehypeTableScroll],
    }),
    // Code fences in pages use the same light and dark themes as snippets.
    shikiConfig: { themes: CODE_THEMES, defaultColor: "light" },
  },
  integrations: [mdx(), staticPreview()],
  devToolbar: { enabled: false },
  vite: {
    build: {
      rolldownOptions: {
        // Astro marks MDX pages with a "use astro:head-inject" directive that
        // the bundler warns it may drop; Astro reads it before then, so the
        // warning is noise (withastro/astro#18087). Every other warning shows.
        onwarn(warning, warn) {
          if (
            warning.code === "MODULE_LEVEL_DIRECTIVE" &&
            warning.message.includes('"use astro:head-inject"')
          )
            return;
          warn(warning);
        },
      },
    },
  },
});
