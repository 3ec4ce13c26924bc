import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/server/prng.ts";
import {
  PAGE_COUNT,
  pageLinks,
  SLOW_PAGE,
} from "../../src/server/handlers/site.ts";
import { useServer } from "../helpers/server.ts";

const ctx = useServer();

async function text(path: string): Promise<string> {
  return (await fetch(ctx.server.url + path)).text();
}

async function jitterSequence(seed: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < 4; i++)
    bodies.push(await text(`/jitter?seed=${seed}&min=0&max=40`));
  return bodies;
}

describe("/jitter", () => {
  it("gives the same sequence of delays for a seed after every reset", async () => {
    const first = await jitterSequence(42);
    ctx.server.resetStats();
    expect(await jitterSequence(42)).toEqual(first);
    expect(new Set(first).size, `delays: ${first.join(", ")}`).toBeGreaterThan(
      1,
    );
  });

  it("waits the delay it reports", async () => {
    const started = performance.now();
    const body = await text("/jitter?seed=7&min=100&max=200");
    const elapsed = performance.now() - started;
    const reported = Number(/jittered (\d+) ms/.exec(body)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(100);
    expect(reported).toBeLessThanOrEqual(200);
    expect(
      elapsed,
      `reported ${reported} ms, took ${elapsed.toFixed(0)} ms`,
    ).toBeGreaterThanOrEqual(reported - 5);
  });

  it("draws from a PRNG that depends only on the seed", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const draws = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(draws);
    for (const draw of draws) expect(draw >= 0 && draw < 1).toBe(true);
  });
});

describe("/site/", () => {
  it("links every page from the index", async () => {
    const index = await text("/site/");
    for (let n = 1; n <= PAGE_COUNT; n++)
      expect(index).toContain(`href="/site/page/${n}"`);
  });

  it("serves each page with its fixed links, broken ones included", async () => {
    const page = await text("/site/page/7");
    for (const href of pageLinks(7)) expect(page).toContain(`href="${href}"`);
    expect(pageLinks(7)).toContain("/site/page/21");
    expect((await fetch(`${ctx.server.url}/site/page/21`)).status).toBe(404);
    expect((await fetch(`${ctx.server.url}/site/missing`)).status).toBe(404);
  });

  it("has a robots.txt disallowing the private page that page 3 links to", async () => {
    expect(await text("/site/robots.txt")).toBe(
      "User-agent: *\nDisallow: /site/private/\n",
    );
    expect(pageLinks(3)).toContain("/site/private/report");
    expect((await fetch(`${ctx.server.url}/site/private/report`)).status).toBe(
      200,
    );
  });

  it("serves its slow page late, as HTML like the others", async () => {
    const started = performance.now();
    const response = await fetch(`${ctx.server.url}/site/page/${SLOW_PAGE}`);
    const body = await response.text();
    const elapsed = performance.now() - started;
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(body).toContain(`<title>Page ${SLOW_PAGE}</title>`);
    expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeGreaterThanOrEqual(
      995,
    );
  });
});
