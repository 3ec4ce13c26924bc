// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { satteri } from "@astrojs/markdown-satteri";
import { remarkLessonDir } from "./src/lib/remark-lesson-dir.ts";
import { rehypeTableCorner } from "./src/lib/rehype-table-corner.ts";
import { CODE_THEMES } from "./src/lib/highlight.ts";

export default defineConfig({
  trailingSlash: "always",
  markdown: {
    // Astro's default Markdown pipeline. The mdast plugin tells lesson
    // components which folder their page is in; the hast plugin keeps empty
    // table corners from being blank column headings.
    processor: satteri({
      mdastPlugins: [remarkLessonDir],
      hastPlugins: [rehypeTableCorner],
    }),
    // Code fences in pages use the same light and dark themes as snippets.
    shikiConfig: { themes: CODE_THEMES, defaultColor: "light" },
  },
  integrations: [mdx()],
  devToolbar: { enabled: false },
});
