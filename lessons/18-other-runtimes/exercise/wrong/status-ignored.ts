// Mistake: takes any answer for a body, a 500 included.
// Rejected for: a status other than 200 was taken for a body
import { get } from "node:http";
import { Deferred } from "../../deferred.ts";

/** GET `url`; fire with its body on a 200, errback on anything else. */
export function getPage(url: string): Deferred<string> {
  const d = new Deferred<string>();
  // A connection of its own, closed by the server after the answer.
  const request = get(url, { agent: false }, (response) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (body += chunk));
    response.on("end", () => {
      d.callback(body);
    });
    response.on("error", (error) => d.errback(error));
  });
  request.on("error", (error) => d.errback(error));
  return d;
}

/** Start every request now; fire once with all bodies, in path order. */
export function getAll(baseUrl: string, paths: string[]): Deferred<string[]> {
  const all = new Deferred<string[]>();
  const bodies: string[] = new Array<string>(paths.length);
  let left = paths.length;
  let failed = false;
  if (left === 0) all.callback([]);
  // Every request starts in this loop, before any answer can come.
  paths.forEach((path, index) => {
    getPage(baseUrl + path)
      .addCallback((body) => {
        bodies[index] = body;
        left -= 1;
        if (left === 0 && !failed) all.callback(bodies);
      })
      .addErrback((error) => {
        // The first failure fires the whole; later ones have no one left.
        if (!failed) all.errback(error);
        failed = true;
      });
  });
  return all;
}
