// The lessons collection: one entry per lessons/NN-slug/index.mdx, its id the
// folder name. The page order is checked against the folder prefix when the
// site is built (src/lib/course.ts), since a schema cannot see the path.
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "zod";

const lessons = defineCollection({
  loader: glob({
    base: "./lessons",
    pattern: "*/index.mdx",
    generateId: ({ entry }) => entry.split("/")[0] ?? entry,
  }),
  schema: z.object({
    title: z.string().min(1).describe("Page title, e.g. 'Sync vs async'."),
    summary: z
      .string()
      .min(1)
      .describe("One or two sentences for the course map and search."),
    order: z
      .number()
      .int()
      .positive()
      .describe("Position in the course; must equal the folder's NN prefix."),
    objectives: z
      .array(z.string().min(1))
      .min(1)
      .describe("What the reader can do after the lesson, one per item."),
    seeds: z
      .array(z.string().min(1))
      .describe("Ideas of the source Python asyncio tutorials this covers."),
    asyncioOriginal: z
      .string()
      .min(1)
      .describe("The Python asyncio construct or program this lesson maps."),
    minutes: z
      .number()
      .int()
      .positive()
      .describe("Estimated workshop minutes, used for the schedule."),
    script: z
      .string()
      .regex(/^lesson:[a-z0-9-]+$/)
      .describe(
        "npm script that runs the lesson, e.g. 'lesson:sync-vs-async'.",
      ),
  }),
});

export const collections = { lessons };
