// Mistake: uses fetch and Promise.all instead of getPage, and wraps the result in a Deferred at the end.
// Rejected for: not by getPage
import { Deferred } from "../../deferred.ts";
export function getPage(url: string): Deferred<string> {
  const d = new Deferred<string>();
  fetch(url).then(
    async (r) => {
      const t = await r.text();
      if (r.status === 200) d.callback(t);
      else d.errback(new Error(String(r.status)));
    },
    (e) => d.errback(e),
  );
  return d;
}
export function getAll(baseUrl: string, paths: string[]): Deferred<string[]> {
  const all = new Deferred<string[]>();
  Promise.all(
    paths.map((p) =>
      fetch(baseUrl + p, { headers: { connection: "close" } }).then(
        async (r) => {
          const t = await r.text();
          if (r.status !== 200) throw new Error(String(r.status));
          return t;
        },
      ),
    ),
  ).then(
    (b) => all.callback(b),
    (e) => all.errback(e),
  );
  return all;
}
