// Two requests at once in Twisted's style: each request is a `Deferred`,
// and one more `Deferred` fires when all of them have, with their bodies
// in the order of the paths, or with the first failure.
import { get } from "node:http";
import { Deferred } from "../deferred.ts";

/** GET `url`; fire with its body on a 200, errback on anything else. */
export function getPage(url: string): Deferred<string> {
  const d = new Deferred<string>();
  // TODO: give this request a connection of its own (`agent: false`), so
  // TODO: that the server closes it after the answer.
  const request = get(url, (response) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (body += chunk));
    response.on("end", () => {
      // TODO: a status other than 200 is a failure: `d.errback` it.
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
  const bodies: string[] = [];
  // TODO: start every request here, in one loop, before any answer comes.
  // TODO: This version starts the next request from the callback of the
  // TODO: one before.
  const next = (index: number): void => {
    const path = paths[index];
    if (path === undefined) return all.callback(bodies);
    getPage(baseUrl + path).addCallback((body) => {
      // TODO: put each body at the index of its path, and fire `all` once,
      // TODO: when the last one is in.
      bodies.push(body);
      next(index + 1);
    });
    // TODO: on the first failure, `all.errback(error)`, once.
  };
  next(0);
  return all;
}
